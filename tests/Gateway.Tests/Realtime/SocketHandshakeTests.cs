using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Http;
using Spaces.Gateway.Tests.Infrastructure;
using Spaces.Gateway.Tests.Security;

namespace Spaces.Gateway.Tests.Realtime;

/// <summary>
/// The WebSocket's handshake runs on a pipeline of its own, outside the API's authentication, authorization and rate
/// limiting middleware: every refusal keeps its status and problem, and an accepted socket touches none of those.
/// </summary>
public sealed class SocketHandshakeTests(TightLimitsGatewayHost host) : IClassFixture<TightLimitsGatewayHost>
{
    private Api Api => host.Api;

    public static TheoryData<string, string> BadTokens => new()
    {
        { "none", "A bearer token is required." },
        { "malformed", "The bearer token is invalid or expired." },
        { "wrong_signature", "The bearer token is invalid or expired." },
        { "expired", "The bearer token is invalid or expired." },
        { "no_exp", "The bearer token is invalid or expired." },
        { "wrong_audience", "The bearer token is invalid or expired." },
        { "unsigned", "The bearer token is invalid or expired." },
        { "sub_not_a_user_id", "The token's sub is not a user id (1-64 letters, digits, '_', '-', '.')." },
        { "malformed_in_query", "The bearer token is invalid or expired." },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task An_upgrade_without_a_valid_token_is_the_APIs_401_problem(string kind, string detail)
    {
        var tokens = new TestTokens(host);
        var claims = tokens.Claims(Api.NewUserId("hs"));
        var token = kind switch
        {
            "none" => null,
            "malformed" => "not.a.jwt",
            "wrong_signature" => tokens.Sign(claims, "another-signing-key-of-at-least-32-bytes!"),
            "expired" => Signed(c => c["exp"] = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds()),
            "no_exp" => Signed(c => c.Remove("exp")),
            "wrong_audience" => Signed(c => c["aud"] = "another-app"),
            "unsigned" => TestTokens.Unsigned(claims),
            "sub_not_a_user_id" => Signed(c => c["sub"] = "a/b"),
            _ => null,
        };

        string Signed(Action<JsonObject> change)
        {
            change(claims);
            return tokens.Sign(claims);
        }

        var response = kind == "malformed_in_query" ? await HandshakeAsync(null, query: "access_token=garbage") : await HandshakeAsync(token);

        var problem = await Api.ExpectProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal(detail, problem["detail"]!.GetValue<string>());
        Assert.Equal("/v1/ws", problem["instance"]!.GetValue<string>());
        Assert.False(response.Headers.Contains("WWW-Authenticate"), "the API's 401 carries no WWW-Authenticate either");
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task A_plain_GET_with_a_valid_token_is_400_naming_upgrade()
    {
        var user = await Api.UserAsync();

        var response = await HandshakeAsync(user.Token, upgrade: false);

        await Api.ExpectProblemAsync(response, HttpStatusCode.BadRequest, "invalid_field", "upgrade");
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task The_connect_limit_counts_every_handshake_and_answers_429_with_retry_after()
    {
        var user = await Api.UserAsync();
        // RateLimits:Connect:Burst is 8 here; a refused non-upgrade GET spends a token as it did behind UseRateLimiter.
        for (var i = 0; i < 8; i++)
        {
            await Api.ExpectProblemAsync(await HandshakeAsync(user.Token, upgrade: false), HttpStatusCode.BadRequest, "invalid_field", "upgrade");
        }

        var limited = await HandshakeAsync(user.Token);

        var problem = await Api.ExpectProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("Too many requests of this kind; retry after the time in Retry-After.", problem["detail"]!.GetValue<string>());
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {limited.Headers.RetryAfter}");
        // Another user's bucket is their own.
        using var other = await Api.ConnectAsync((await Api.UserAsync()).Token);
        Assert.Equal(WebSocketState.Open, other.State);
    }

    [Fact]
    public async Task A_socket_over_the_users_quota_is_429_too_many_sockets()
    {
        var user = await Api.UserAsync();
        using var first = await Api.ConnectAsync(user.Token);
        using var second = await Api.ConnectAsync(user.Token);

        var refused = await HandshakeAsync(user.Token);

        await Api.ExpectProblemAsync(refused, HttpStatusCode.TooManyRequests, "too_many_sockets");
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {refused.Headers.RetryAfter}");
    }

    [Fact]
    public async Task A_handshake_over_the_request_target_bound_is_414()
    {
        var response = await HandshakeAsync(null, query: "pad=" + new string('x', 9 * 1024));

        await Api.ExpectProblemAsync(response, HttpStatusCode.RequestUriTooLong, "uri_too_long");
    }

    [Fact]
    public async Task The_query_token_is_read_before_the_header_as_JwtBearer_did()
    {
        var user = await Api.UserAsync();
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer not.a.jwt");

        await socket.ConnectAsync(Api.WebSocketUri($"access_token={user.Token}"), CancellationToken.None);

        await using var client = EventClient.Over(socket);
        await client.SendAsync(new JsonObject { ["type"] = "ping" });
        Assert.NotNull((await client.NextEventAsync("pong"))["at"]);
    }

    [Fact]
    public async Task An_open_socket_ran_none_of_the_APIs_authentication_authorization_or_rate_limiting()
    {
        var user = await Api.UserAsync();
        using var metrics = new MetricRecorder(host);

        await using (var client = await EventClient.ConnectAsync(Api, user.Token))
        {
            await client.SendAsync(new JsonObject { ["type"] = "ping" });
            await client.NextEventAsync("pong");

            Assert.Equal(0, metrics["aspnetcore.authorization.attempts"]);
            Assert.Equal(0, metrics["aspnetcore.rate_limiting.requests"]);
            Assert.Equal(0, metrics["aspnetcore.rate_limiting.active_request_leases"]);
        }

        // The same recorder sees them for an API route, so the zeros above are the socket's.
        await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Get, $"/v1/users/{user.Id}", user.Token), HttpStatusCode.OK);
        Assert.True(metrics["aspnetcore.authorization.attempts"] > 0, "the API route's authorization was not recorded");
        Assert.True(metrics["aspnetcore.rate_limiting.requests"] > 0, "the API route's rate limiting was not recorded");
    }

    private async Task<HttpResponseMessage> HandshakeAsync(string? token, string? query = null, bool upgrade = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, query is null ? "/v1/ws" : $"/v1/ws?{query}");
        if (upgrade)
        {
            request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
            request.Headers.TryAddWithoutValidation("Upgrade", "websocket");
            request.Headers.TryAddWithoutValidation("Sec-WebSocket-Version", "13");
            request.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
        }

        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        return await Api.Http.SendAsync(request);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.CacheControl?.NoStore, "a /v1 answer is never cached");
    }
}
