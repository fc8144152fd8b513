using System.Diagnostics;
using Spaces.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Spaces.Grains.Tests.Tickets;

/// <summary>"Capacity is never oversold, even under concurrent purchases."</summary>
[Collection(ClusterCollection.Name)]
public sealed class TicketConcurrencyTests(ClusterFixture cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task Five_hundred_concurrent_purchases_of_a_hundred_seats_sell_exactly_a_hundred()
    {
        var scenario = await TicketScenario.LiveAsync(cluster, capacity: 100);
        var buyers = Enumerable.Range(0, 500).Select(i => TestIds.User($"rush{i}")).ToList();
        var chargesBefore = cluster.Payments.SucceededCharges;
        var clock = Stopwatch.StartNew();

        var outcomes = await Outcome.AllAtOnceAsync(buyers, buyer => scenario.BuyAsync(buyer));

        output.WriteLine($"500 purchases of 100 seats took {clock.ElapsedMilliseconds} ms");
        Assert.Equal(100, outcomes.Count(o => o is null));
        Assert.All(outcomes.OfType<SpacesException>(), o => Assert.Equal((ErrorKind.Conflict, ErrorCodes.SoldOut), (o.Kind, o.Code)));
        Assert.Equal(400, outcomes.Count(o => o is not null));
        Assert.Equal(chargesBefore + 100, cluster.Payments.SucceededCharges);
        Assert.Equal(100, await scenario.SoldAsync());
        var paidBuyers = buyers.Where((_, i) => outcomes[i] is null).Order();
        Assert.Equal(paidBuyers, (await scenario.BoxOffice.GetBuyersAsync(scenario.HostId, null, 200)).Buyers.Select(b => b.UserId).Order());
    }
}
