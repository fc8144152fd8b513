using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Gateway.Tests.Infrastructure;
using Spaces.Grains.Payments;
using Xunit.Abstractions;

namespace Spaces.Gateway.Tests.Http;

/// <summary>"Capacity is never oversold, even under concurrent purchases": 500 buyers at once over real sockets, 100 seats.</summary>
public sealed class TicketsConcurrencyApiTests(TicketsGatewayHost host, ITestOutputHelper output) : IClassFixture<TicketsGatewayHost>
{
    private readonly Api _api = host.Api;

    [Fact]
    public async Task Five_hundred_concurrent_purchases_of_a_hundred_seats_sell_exactly_a_hundred()
    {
        var (hostUser, id, _) = await _api.TicketedSpaceAsync(TicketsClient.TicketTerms(capacity: 100));
        var buyers = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => _api.UserAsync($"rush{i}")));
        var payments = host.Services.GetRequiredService<EmbeddedPaymentProvider>();
        var chargesBefore = payments.SucceededCharges;
        var clock = Stopwatch.StartNew();

        var responses = await Task.WhenAll(buyers.Select(buyer => _api.BuyAsync(id, buyer, Guid.NewGuid().ToString())));

        output.WriteLine($"500 concurrent purchases of 100 seats (20 ms per charge) took {clock.ElapsedMilliseconds} ms");
        Assert.Equal(100, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(400, refused.Count);
        foreach (var response in refused)
        {
            await Api.ExpectProblemAsync(response, HttpStatusCode.Conflict, "sold_out");
        }

        Assert.Equal(chargesBefore + 100, payments.SucceededCharges);
        Assert.Equal(100, (await _api.GetAsync($"/v1/spaces/{id}", hostUser))["ticket"]!["sold"]!.GetValue<int>());
        Assert.Equal(100, (await _api.GetAsync($"/v1/spaces/{id}/buyers", hostUser))["total"]!.GetValue<int>());
        Assert.Equal(50_000, (await _api.GetAsync($"/v1/spaces/{id}/earnings", hostUser))["gross"]!.GetValue<int>());
    }
}
