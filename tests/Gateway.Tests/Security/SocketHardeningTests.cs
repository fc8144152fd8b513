using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Contracts;
using Spaces.Gateway.Realtime;
using Spaces.Gateway.Tests.Http;
using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Security;

/// <summary>A socket ends with its token; subscribing to Spaces that do not exist leaves nothing behind and is bounded per socket.</summary>
public sealed class SocketHardeningTests(TightLimitsGatewayHost host) : IClassFixture<TightLimitsGatewayHost>
{
    [Fact]
    public async Task A_socket_is_closed_with_4001_when_its_token_expires()
    {
        var tokens = new TestTokens(host);
        var claims = tokens.Claims(Api.NewUserId("expiring"));
        claims["exp"] = DateTimeOffset.UtcNow.AddSeconds(2).ToUnixTimeSeconds();
        using var socket = await host.Api.ConnectAsync(tokens.Sign(claims));

        var received = await socket.ReceiveAsync(new byte[4096], new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token);

        Assert.Equal(WebSocketMessageType.Close, received.MessageType);
        Assert.Equal(4001, (int)socket.CloseStatus!);
        Assert.Contains("since_seq", socket.CloseStatusDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribing_to_unknown_Spaces_leaves_no_feed_and_counts_against_the_socket_limit()
    {
        var (_, spaceId) = await host.Api.LiveSpaceAsync();
        var user = await host.Api.UserAsync();
        await using var events = await EventClient.ConnectAsync(host.Api, user.Token);
        var hub = host.Services.GetRequiredService<SpaceFeedHub>();
        var feedsBefore = hub.FeedCount;

        for (var i = 0; i < 3; i++)
        {
            var refused = await events.SubscribeAsync(Guid.NewGuid().ToString("N")[..Ids.SpaceIdLength]);
            Assert.Equal("space_not_found", refused["code"]?.GetValue<string>());
        }

        Assert.Equal(feedsBefore, hub.FeedCount);
        var limited = await events.SubscribeAsync(spaceId);
        Assert.Equal("too_many_subscriptions", limited["code"]?.GetValue<string>());
    }
}
