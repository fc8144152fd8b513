using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Security;

/// <summary>
/// Per-user limits on hand raise/lower, Space creation, join/leave and WebSocket (re)connects, and a cap on open
/// sockets, on a gateway configured with small buckets (<see cref="TightLimitsGatewayHost"/>).
/// </summary>
public sealed class RateLimitTests(TightLimitsGatewayHost host) : IClassFixture<TightLimitsGatewayHost>
{
    private Api Api => host.Api;

    [Fact]
    public async Task Raising_and_lowering_a_hand_share_one_bucket_and_the_next_toggle_is_a_429_with_retry_after()
    {
        var (_, spaceId) = await LiveSpaceAsync();
        var listener = await JoinAsync(spaceId);

        await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Put, $"/v1/spaces/{spaceId}/hand", listener.Token), HttpStatusCode.NoContent);
        await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Delete, $"/v1/spaces/{spaceId}/hand", listener.Token), HttpStatusCode.NoContent);
        await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Put, $"/v1/spaces/{spaceId}/hand", listener.Token), HttpStatusCode.NoContent);
        var limited = await Api.SendAsync(HttpMethod.Delete, $"/v1/spaces/{spaceId}/hand", listener.Token);

        await Api.ExpectProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {limited.Headers.RetryAfter}");
    }

    [Fact]
    public async Task Another_user_is_not_affected_by_one_users_limit()
    {
        var (_, spaceId) = await LiveSpaceAsync();
        var noisy = await JoinAsync(spaceId);
        var fair = await JoinAsync(spaceId);
        for (var i = 0; i < 4; i++)
        {
            await Api.SendAsync(HttpMethod.Put, $"/v1/spaces/{spaceId}/hand", noisy.Token);
        }

        await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Put, $"/v1/spaces/{spaceId}/hand", fair.Token), HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_host_creating_Spaces_in_a_burst_is_limited()
    {
        var hostUser = await Api.UserAsync("host", followers: 600);

        for (var i = 0; i < 2; i++)
        {
            var created = await Api.SendAsync(HttpMethod.Post, "/v1/spaces", hostUser.Token, new JsonObject { ["title"] = $"Space {i}" });
            var id = (await Api.ExpectAsync(created, HttpStatusCode.Created))["id"]!.GetValue<string>();
            await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Post, $"/v1/spaces/{id}/end", hostUser.Token), HttpStatusCode.OK);
        }

        var limited = await Api.SendAsync(HttpMethod.Post, "/v1/spaces", hostUser.Token, new JsonObject { ["title"] = "One too many" });

        await Api.ExpectProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(limited.Headers.RetryAfter);
    }

    [Fact]
    public async Task Joining_and_leaving_in_a_loop_is_limited()
    {
        var (_, spaceId) = await LiveSpaceAsync();
        var user = await Api.UserAsync();

        await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/join", user.Token), HttpStatusCode.OK);
        await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/leave", user.Token), HttpStatusCode.NoContent);
        await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/join", user.Token), HttpStatusCode.OK);

        await Api.ExpectProblemAsync(await Api.SendAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/leave", user.Token), HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task A_user_may_hold_only_so_many_sockets_open()
    {
        var user = await Api.UserAsync();
        using var first = await Api.ConnectAsync(user.Token);
        using var second = await Api.ConnectAsync(user.Token);

        Assert.Equal(HttpStatusCode.TooManyRequests, await HandshakeStatusAsync(user.Token));

        await first.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        await Eventually(async () => await HandshakeStatusAsync(user.Token, keepOpen: true) == HttpStatusCode.SwitchingProtocols);
    }

    [Fact]
    public async Task Reconnecting_in_a_loop_is_limited()
    {
        var user = await Api.UserAsync();
        for (var i = 0; i < 8; i++)
        {
            using var socket = await Api.ConnectAsync(user.Token);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await HandshakeStatusAsync(user.Token));
    }

    private async Task<HttpStatusCode> HandshakeStatusAsync(string token, bool keepOpen = false)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        try
        {
            await socket.ConnectAsync(Api.WebSocketUri(), CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // Refused: the status says why.
        }

        if (!keepOpen)
        {
            socket.Dispose();
        }

        return socket.HttpStatusCode;
    }

    private async Task<(User Host, string SpaceId)> LiveSpaceAsync() => await Api.LiveSpaceAsync();

    private async Task<User> JoinAsync(string spaceId) => await Api.ListenerAsync(spaceId);

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50);
        }
    }
}
