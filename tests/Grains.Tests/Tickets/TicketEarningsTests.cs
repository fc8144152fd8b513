using Spaces.Grains.Tests.Infrastructure;

namespace Spaces.Grains.Tests.Tickets;

/// <summary>The host's view: buyers (paged) and earnings summed from the ledger, with the platform fee rounded per ticket.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TicketEarningsTests(ClusterFixture cluster)
{
    [Fact]
    public async Task The_fee_is_rounded_per_ticket_half_away_from_zero()
    {
        Assert.Equal(10m, cluster.TicketOptions.PlatformFeePercent);
        var odd = await TicketScenario.LiveAsync(cluster, price: 105);
        var even = await TicketScenario.LiveAsync(cluster, price: 104);
        await odd.HolderAsync();
        await even.HolderAsync();

        Assert.Equal(new Earnings(odd.SpaceId, "USD", 105, 11, 94, 1, 0), await odd.BoxOffice.GetEarningsAsync(odd.HostId));
        Assert.Equal(new Earnings(even.SpaceId, "USD", 104, 10, 94, 1, 0), await even.BoxOffice.GetEarningsAsync(even.HostId));
    }

    [Fact]
    public async Task Earnings_sum_sales_refunds_and_fees_of_this_Space_only()
    {
        var scenario = await TicketScenario.LiveAsync(cluster, price: 1999);
        var other = await scenario.Cluster.User(scenario.HostId).CreateSpaceAsync(new NewSpaceRequest("Other", null, null, null, new TicketRequest(300, "USD", 5, null)));
        await cluster.Client.GetGrain<ITicketGrain>(TicketIds.For(other.Id, "someone", "k")).PurchaseAsync(new TicketPurchase(other.Id, "someone", null));
        await scenario.HolderAsync();
        await scenario.HolderAsync();
        var (_, refunded) = await scenario.HolderAsync();
        await cluster.Client.GetGrain<ITicketGrain>(refunded.Id).RefundAsync(scenario.HostId, actorIsAdmin: false);

        var earnings = await scenario.BoxOffice.GetEarningsAsync(scenario.HostId);

        // Two tickets kept: 2 × 1999 gross; fee 2 × round(199.9) = 400; the refunded ticket's fee went back with it.
        Assert.Equal(new Earnings(scenario.SpaceId, "USD", 3998, 400, 3598, 3, 1), earnings);
    }

    [Fact]
    public async Task Only_the_host_sees_earnings_and_buyers()
    {
        var scenario = await TicketScenario.LiveAsync(cluster);
        var (buyer, _) = await scenario.HolderAsync();

        await Refused.AsForbiddenAsync(ErrorCodes.HostOnly, () => scenario.BoxOffice.GetEarningsAsync(buyer));
        await Refused.AsForbiddenAsync(ErrorCodes.HostOnly, () => scenario.BoxOffice.GetBuyersAsync(buyer, null, null));
    }

    [Fact]
    public async Task Buyers_are_paged_in_the_order_they_paid_and_refunded_ones_drop_out()
    {
        var scenario = await TicketScenario.LiveAsync(cluster);
        var holders = new List<(string BuyerId, TicketDetails Ticket)>();
        for (var i = 0; i < 5; i++)
        {
            holders.Add(await scenario.HolderAsync());
        }

        await cluster.Client.GetGrain<ITicketGrain>(holders[1].Ticket.Id).RefundAsync(scenario.HostId, actorIsAdmin: false);

        var first = await scenario.BoxOffice.GetBuyersAsync(scenario.HostId, null, 2);
        var second = await scenario.BoxOffice.GetBuyersAsync(scenario.HostId, first.NextCursor, 2);
        Assert.Equal(4, first.Total);
        Assert.Equal([holders[0].BuyerId, holders[2].BuyerId], first.Buyers.Select(b => b.UserId));
        Assert.Equal([holders[3].BuyerId, holders[4].BuyerId], second.Buyers.Select(b => b.UserId));
        Assert.Null(second.NextCursor);
        Assert.Equal(holders[0].Ticket.Id, first.Buyers[0].TicketId);
        await Refused.AsInvalidAsync("limit", ErrorCodes.InvalidField, () => scenario.BoxOffice.GetBuyersAsync(scenario.HostId, null, 0));
        await Refused.AsInvalidAsync("cursor", ErrorCodes.InvalidField, () => scenario.BoxOffice.GetBuyersAsync(scenario.HostId, -1, null));
    }
}
