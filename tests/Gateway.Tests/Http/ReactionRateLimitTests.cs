using System.Net;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Http;

/// <summary>Reactions are rate-limited per user: a burst of two here, then 429 with Retry-After.</summary>
public sealed class ReactionRateLimitTests(RateLimitedGatewayHost host) : IClassFixture<RateLimitedGatewayHost>
{
    private readonly Api _api = host.Api;

    [Fact]
    public async Task Reactions_beyond_the_burst_are_429_with_Retry_After_per_user()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var listener = await _api.ListenerAsync(id);

        Assert.Equal(HttpStatusCode.Accepted, (await ReactAsync(id, listener)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await ReactAsync(id, listener)).StatusCode);
        var limited = await ReactAsync(id, listener);

        await Api.ExpectProblemAsync(limited, HttpStatusCode.TooManyRequests, "reaction_rate_limited");
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(100));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ReactAsync(id, listener)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await ReactAsync(id, creator)).StatusCode);
    }

    [Fact]
    public async Task Leaving_and_rejoining_does_not_reset_the_rate_limit()
    {
        var (_, id) = await _api.LiveSpaceAsync();
        var listener = await _api.ListenerAsync(id);
        await ReactAsync(id, listener);
        await ReactAsync(id, listener);

        await _api.DoAsync(HttpMethod.Post, $"/v1/spaces/{id}/leave", listener);
        await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/join", listener, HttpStatusCode.OK);

        await Api.ExpectProblemAsync(await ReactAsync(id, listener), HttpStatusCode.TooManyRequests, "reaction_rate_limited");
    }

    private Task<HttpResponseMessage> ReactAsync(string spaceId, User user) =>
        _api.SendAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/reactions", user.Token, new JsonObject { ["emoji"] = "💜" });
}
