namespace Spaces.Grains.Tests.Infrastructure;

/// <summary>
/// A ticketed Space set up for a test: an account eligible to host ticketed Spaces, its Space (live unless asked
/// otherwise), and purchases through the public grain calls, each under a fresh Idempotency-Key unless given one.
/// </summary>
public sealed class TicketScenario
{
    private TicketScenario(ClusterFixture cluster, string hostId, SpaceView created)
    {
        Cluster = cluster;
        HostId = hostId;
        Created = created;
    }

    public ClusterFixture Cluster { get; }

    public string HostId { get; }

    public SpaceView Created { get; }

    public string SpaceId => Created.Id;

    public ISpaceGrain Space => Cluster.Space(SpaceId);

    public IBoxOfficeGrain BoxOffice => Cluster.Client.GetGrain<IBoxOfficeGrain>(SpaceId);

    public static Task<TicketScenario> LiveAsync(ClusterFixture cluster, long price = 500, int capacity = 10, DateTimeOffset? salesEnd = null) =>
        CreateAsync(cluster, new NewSpaceRequest("Paid Space", null, null, null, new TicketRequest(price, "USD", capacity, salesEnd)));

    public static Task<TicketScenario> ScheduledAsync(ClusterFixture cluster, int capacity = 10) =>
        CreateAsync(cluster, new NewSpaceRequest("Paid later", cluster.Time.GetUtcNow().AddDays(1), null, null, new TicketRequest(500, "USD", capacity, null)));

    public static async Task<TicketScenario> CreateAsync(ClusterFixture cluster, NewSpaceRequest request)
    {
        var hostId = await cluster.NewUserAsync("host", cluster.Options.MinFollowersToHostTicketed);
        var created = await cluster.User(hostId).CreateSpaceAsync(request);
        return new TicketScenario(cluster, hostId, created);
    }

    public ITicketGrain Ticket(string buyerId, string idempotencyKey) => Cluster.Client.GetGrain<ITicketGrain>(TicketIds.For(SpaceId, buyerId, idempotencyKey));

    public Task<TicketDetails> BuyAsync(string buyerId, string? idempotencyKey = null) =>
        Ticket(buyerId, idempotencyKey ?? Guid.NewGuid().ToString()).PurchaseAsync(new TicketPurchase(SpaceId, buyerId, null));

    /// <summary>A fresh user with a paid ticket.</summary>
    public async Task<(string BuyerId, TicketDetails Ticket)> HolderAsync()
    {
        var buyerId = TestIds.User("buyer");
        var ticket = await BuyAsync(buyerId);
        Assert.Equal(TicketState.Paid, ticket.State);
        return (buyerId, ticket);
    }

    /// <summary>The ticket as its buyer's "my tickets" lists it.</summary>
    public async Task<TicketDetails> InWalletAsync(string buyerId, string ticketId) =>
        Assert.Single(await Cluster.Client.GetGrain<ITicketWalletGrain>(buyerId).GetTicketsAsync(), t => t.Id == ticketId);

    public async Task<int> SoldAsync() => (await Space.GetAsync()).Ticket!.Sold;
}
