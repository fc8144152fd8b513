using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Spaces.Gateway.Realtime;
using Spaces.Gateway.Tests.Http;
using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Realtime;

/// <summary>
/// The real gateway whose token-expiry scheduler runs on a fake clock: tokens are checked against real time (they stay
/// valid), and the sockets' expiry comes when the test moves the clock.
/// </summary>
public sealed class FakeExpiryClockGatewayHost() : GatewayHost(new Dictionary<string, string?>
{
    ["RateLimits:Connect:Burst"] = "50",
})
{
    public FakeTimeProvider ExpiryClock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder web) =>
        web.ConfigureTestServices(services => services.AddSingleton(new TokenExpiryScheduler(ExpiryClock)));
}

/// <summary>One scheduler closes every socket of the gateway when its token expires, in expiry order.</summary>
public sealed class TokenExpiryTests(FakeExpiryClockGatewayHost host) : IClassFixture<FakeExpiryClockGatewayHost>
{
    [Fact]
    public async Task Sockets_close_with_4001_in_expiry_order_as_the_clock_reaches_each_expiry_and_a_closed_one_is_left_alone()
    {
        var tokens = new TestTokens(host);
        var start = host.ExpiryClock.GetUtcNow();
        // Connected out of expiry order; expiries 10, 20, … 50 minutes on.
        int[] connectOrder = [3, 0, 4, 1, 2];
        var sockets = new ClientWebSocket[connectOrder.Length];
        foreach (var rank in connectOrder)
        {
            sockets[rank] = await ConnectAsync(tokens, start.AddMinutes(10 * (rank + 1)));
        }

        // This one's token would expire between the second and third, but the client leaves first.
        var leftEarly = await ConnectAsync(tokens, start.AddMinutes(25));
        await leftEarly.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);

        for (var rank = 0; rank < sockets.Length; rank++)
        {
            host.ExpiryClock.SetUtcNow(start.AddMinutes(10 * (rank + 1)).AddSeconds(1));

            Assert.Null(await LoopbackWebSockets.ReceiveTextAsync(sockets[rank]));
            Assert.Equal(4001, (int)sockets[rank].CloseStatus!);
            Assert.Contains("since_seq", sockets[rank].CloseStatusDescription, StringComparison.Ordinal);

            // Every later token is still live: each socket still answers, where an expired one would have closed instead.
            foreach (var later in sockets.Skip(rank + 1))
            {
                await later.SendAsync("""{"type":"ping"}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
                Assert.Contains("\"pong\"", await LoopbackWebSockets.ReceiveTextAsync(later), StringComparison.Ordinal);
            }
        }

        Assert.Equal(WebSocketCloseStatus.NormalClosure, leftEarly.CloseStatus);
        Assert.Equal(0, host.Services.GetRequiredService<TokenExpiryScheduler>().QueuedCount);
    }

    private async Task<ClientWebSocket> ConnectAsync(TestTokens tokens, DateTimeOffset expiresAt)
    {
        var claims = tokens.Claims(Api.NewUserId("expiry"));
        claims["exp"] = expiresAt.ToUnixTimeSeconds();
        return await host.Api.ConnectAsync(tokens.Sign(claims));
    }
}
