using Spaces.Grains.Tests.Infrastructure;

namespace Spaces.Grains.Tests.Tickets;

/// <summary>product.md "Ticketed Spaces": who may create one, and what its terms may be.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TicketedCreationTests(ClusterFixture cluster)
{
    private static NewSpaceRequest Ticketed(long? price = 500, string? currency = "USD", int? capacity = 10, DateTimeOffset? salesEnd = null) =>
        new("Paid", null, null, null, new TicketRequest(price, currency, capacity, salesEnd));

    [Fact]
    public async Task An_account_below_MinFollowersToHostTicketed_may_host_free_Spaces_but_not_ticketed_ones()
    {
        var userId = await cluster.NewUserAsync(followers: cluster.Options.MinFollowersToHostTicketed - 1);

        var refusal = await Refused.AsForbiddenAsync(ErrorCodes.NotEligibleToHostTicketed, () => cluster.User(userId).CreateSpaceAsync(Ticketed()));

        Assert.Contains("1000", refusal.Message, StringComparison.Ordinal);
        Assert.Empty(await cluster.User(userId).GetCreatedSpaceIdsAsync(10));
        Assert.False((await cluster.User(userId).CreateSpaceAsync(new NewSpaceRequest("Free", null, null, null))).IsTicketed);
    }

    [Fact]
    public async Task An_account_with_exactly_MinFollowersToHostTicketed_creates_a_ticketed_Space_showing_its_terms()
    {
        var userId = await cluster.NewUserAsync(followers: 1000);

        var space = await cluster.User(userId).CreateSpaceAsync(Ticketed(price: 1299, currency: "eur", capacity: 50));

        Assert.True(space.IsTicketed);
        Assert.Equal(new TicketView(1299, "EUR", 50, 0), space.Ticket);
        Assert.Equal(space.Ticket, (await cluster.Space(space.Id).GetAsync()).Ticket);
    }

    [Fact]
    public async Task A_free_Space_is_not_ticketed()
    {
        var scenario = await SpaceScenario.LiveAsync(cluster);

        Assert.False(scenario.Created.IsTicketed);
        Assert.Null(scenario.Created.Ticket);
    }

    public static TheoryData<TicketRequest, string, string> BadTerms => new()
    {
        { new TicketRequest(null, "USD", 10, null), "ticket.price", ErrorCodes.InvalidField },
        { new TicketRequest(99, "USD", 10, null), "ticket.price", ErrorCodes.InvalidField },
        { new TicketRequest(99_901, "USD", 10, null), "ticket.price", ErrorCodes.InvalidField },
        { new TicketRequest(-500, "USD", 10, null), "ticket.price", ErrorCodes.InvalidField },
        { new TicketRequest(500, null, 10, null), "ticket.currency", ErrorCodes.InvalidCurrency },
        { new TicketRequest(500, "XYZ", 10, null), "ticket.currency", ErrorCodes.InvalidCurrency },
        { new TicketRequest(500, "US", 10, null), "ticket.currency", ErrorCodes.InvalidCurrency },
        { new TicketRequest(500, "JPY", 10, null), "ticket.currency", ErrorCodes.InvalidCurrency },
        { new TicketRequest(500, "USD", null, null), "ticket.capacity", ErrorCodes.InvalidField },
        { new TicketRequest(500, "USD", 0, null), "ticket.capacity", ErrorCodes.InvalidField },
        { new TicketRequest(500, "USD", 10_001, null), "ticket.capacity", ErrorCodes.InvalidField },
    };

    [Theory]
    [MemberData(nameof(BadTerms))]
    public async Task Bad_terms_are_refused_naming_the_field_and_create_nothing(TicketRequest terms, string field, string code)
    {
        var userId = await cluster.NewUserAsync(followers: 1000);

        await Refused.AsInvalidAsync(field, code, () => cluster.User(userId).CreateSpaceAsync(new NewSpaceRequest("Paid", null, null, null, terms)));

        Assert.Empty(await cluster.User(userId).GetCreatedSpaceIdsAsync(10));
    }

    [Fact]
    public async Task The_price_bounds_and_the_capacity_limit_are_inclusive()
    {
        var userId = await cluster.NewUserAsync(followers: 1000);

        Assert.Equal(100, (await cluster.User(userId).CreateSpaceAsync(Ticketed(price: cluster.TicketOptions.MinPrice, capacity: 1))).Ticket!.Price);
        Assert.Equal(10_000, (await cluster.User(userId).CreateSpaceAsync(Ticketed(price: cluster.TicketOptions.MaxPrice, capacity: 10_000))).Ticket!.Capacity);
    }

    [Fact]
    public async Task Sales_end_must_be_in_the_future()
    {
        var userId = await cluster.NewUserAsync(followers: 1000);

        await Refused.AsInvalidAsync("ticket.sales_end", ErrorCodes.InvalidField, () => cluster.User(userId).CreateSpaceAsync(Ticketed(salesEnd: cluster.Time.GetUtcNow())));

        Assert.True((await cluster.User(userId).CreateSpaceAsync(Ticketed(salesEnd: cluster.Time.GetUtcNow().AddHours(1)))).IsTicketed);
    }
}
