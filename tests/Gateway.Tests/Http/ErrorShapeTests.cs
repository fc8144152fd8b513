using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Infrastructure;
using static Spaces.Gateway.Tests.Http.SpacesClient;

namespace Spaces.Gateway.Tests.Http;

/// <summary>
/// The RFC 7807 contract: every refusal is application/problem+json with a stable <c>code</c> (and the
/// <c>field</c> at fault for a 400), on every route: bad ids, unknown Spaces, missing or bad tokens.
/// </summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class ErrorShapeTests(GatewayHost host)
{
    private const string BadSpaceId = "not-a-space";
    private const string BadUserId = "bad~id";

    private readonly Api _api = host.Api;
    private readonly TestTokens _tokens = new(host);

    /// <summary>Every route that addresses one Space: method, path ({id}, {user}) and a valid body where one is needed.</summary>
    public static TheoryData<string, string, string?> SpaceRoutes => new()
    {
        { "GET", "/v1/spaces/{id}", null },
        { "PATCH", "/v1/spaces/{id}", """{"title":"x"}""" },
        { "POST", "/v1/spaces/{id}/start", null },
        { "POST", "/v1/spaces/{id}/end", null },
        { "POST", "/v1/spaces/{id}/cancel", null },
        { "POST", "/v1/spaces/{id}/join", null },
        { "POST", "/v1/spaces/{id}/leave", null },
        { "GET", "/v1/spaces/{id}/participants", null },
        { "PUT", "/v1/spaces/{id}/hand", null },
        { "DELETE", "/v1/spaces/{id}/hand", null },
        { "DELETE", "/v1/spaces/{id}/hands/{user}", null },
        { "POST", "/v1/spaces/{id}/speakers/{user}", null },
        { "DELETE", "/v1/spaces/{id}/speakers/{user}", null },
        { "POST", "/v1/spaces/{id}/invitations/accept", null },
        { "POST", "/v1/spaces/{id}/invitations/decline", null },
        { "PUT", "/v1/spaces/{id}/cohosts/{user}", null },
        { "DELETE", "/v1/spaces/{id}/cohosts/{user}", null },
        { "POST", "/v1/spaces/{id}/mute/{user}", null },
        { "DELETE", "/v1/spaces/{id}/mute/{user}", null },
        { "POST", "/v1/spaces/{id}/remove/{user}", null },
        { "POST", "/v1/spaces/{id}/reactions", """{"emoji":"👍"}""" },
        { "PUT", "/v1/spaces/{id}/reactions/blocked/{user}", null },
        { "DELETE", "/v1/spaces/{id}/reactions/blocked/{user}", null },
    };

    /// <summary>The Space routes that take a user id in their path.</summary>
    public static TheoryData<string, string, string?> UserInSpaceRoutes => Where(SpaceRoutes, path => path.Contains("{user}", StringComparison.Ordinal));

    [Fact]
    public async Task A_problem_has_the_RFC_7807_members_plus_code_and_field()
    {
        var viewer = await _api.UserAsync();

        var problem = await _api.FailAsync(HttpMethod.Get, $"/v1/spaces/{BadSpaceId}", viewer, HttpStatusCode.BadRequest, "invalid_id", "id");

        Assert.Equal("https://spaces.dev/problems/invalid_id", problem["type"]!.GetValue<string>());
        Assert.Equal("Bad Request", problem["title"]!.GetValue<string>());
        Assert.Equal($"/v1/spaces/{BadSpaceId}", problem["instance"]!.GetValue<string>());
        Assert.DoesNotContain(BadSpaceId, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal); // instance shows it, once
    }

    [Theory]
    [MemberData(nameof(SpaceRoutes))]
    public async Task A_malformed_Space_id_is_400_naming_id(string method, string path, string? body)
    {
        var response = await SendAsync(method, Route(path, BadSpaceId, "u1"), await _api.UserAsync(), body);

        await Api.ExpectProblemAsync(response, HttpStatusCode.BadRequest, "invalid_id", "id");
    }

    [Theory]
    [MemberData(nameof(SpaceRoutes))]
    public async Task An_unknown_Space_is_404(string method, string path, string? body)
    {
        var user = await _api.UserAsync();

        var response = await SendAsync(method, Route(path, UnknownSpaceId, user.Id), user, body);

        await Api.ExpectProblemAsync(response, HttpStatusCode.NotFound, "space_not_found");
    }

    [Theory]
    [MemberData(nameof(UserInSpaceRoutes))]
    public async Task A_malformed_user_id_in_a_Space_route_is_400_naming_user_id(string method, string path, string? body)
    {
        var (creator, id) = await _api.LiveSpaceAsync();

        await Api.ExpectProblemAsync(await SendAsync(method, Route(path, id, BadUserId), creator, body), HttpStatusCode.BadRequest, "invalid_id", "user_id");

        Assert.Equal([creator.Id], StageIds(await _api.ParticipantsAsync(id, creator)));
    }

    [Theory]
    [InlineData("GET", "/v1/users/u1", null)]
    [InlineData("PUT", "/v1/users/me", """{"bio":"x"}""")]
    [InlineData("PUT", "/v1/users/u1/follow", null)]
    [InlineData("GET", "/v1/users/u1/spaces", null)]
    [InlineData("PUT", "/v1/admin/users/u1/followers", """{"count":1}""")]
    [InlineData("POST", "/v1/spaces", """{"title":"x"}""")]
    [InlineData("GET", "/v1/spaces?ids=" + UnknownSpaceId, null)]
    [InlineData("POST", "/v1/spaces/" + UnknownSpaceId + "/join", null)]
    [InlineData("GET", "/v1/ws", null)]
    public async Task No_token_is_401(string method, string path, string? body)
    {
        var response = await SendAsync(method, path, null, body);

        var problem = await Api.ExpectProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal("https://spaces.dev/problems/unauthenticated", problem["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_token_made_with_the_gateways_settings_is_accepted()
    {
        var user = await _api.UserAsync();

        var handMade = new User(user.Id, _tokens.Sign(_tokens.Claims(user.Id)));

        Assert.Equal(user.Id, (await _api.ProfileAsync(user.Id, handMade))["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("another_key")]
    [InlineData("expired")]
    [InlineData("not_yet_valid")]
    [InlineData("wrong_issuer")]
    [InlineData("wrong_audience")]
    [InlineData("unsigned")]
    public async Task An_invalid_token_is_401(string kind)
    {
        var user = await _api.UserAsync();
        var claims = _tokens.Claims(user.Id);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var token = kind switch
        {
            "garbage" => "not.a.jwt",
            "another_key" => _tokens.Sign(claims, "another-signing-key-of-at-least-32-bytes!"),
            "expired" => _tokens.Sign(With(claims, "exp", now - 600)),
            "not_yet_valid" => _tokens.Sign(With(claims, "nbf", now + 600)),
            "wrong_issuer" => _tokens.Sign(With(claims, "iss", "someone-else")),
            "wrong_audience" => _tokens.Sign(With(claims, "aud", "another-app")),
            _ => TestTokens.Unsigned(claims),
        };

        var problem = await _api.FailAsync(HttpMethod.Get, $"/v1/users/{user.Id}", new User(user.Id, token), HttpStatusCode.Unauthorized, "unauthenticated");

        Assert.Equal("The bearer token is invalid or expired.", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_valid_token_that_names_no_user_is_401_where_the_caller_matters()
    {
        var anonymous = new User("nobody", _tokens.Sign(_tokens.Claims(userId: null)));

        await _api.FailAsync(HttpMethod.Put, "/v1/users/me", anonymous, HttpStatusCode.Unauthorized, "unauthenticated", body: new JsonObject { ["bio"] = "x" });
    }

    [Theory]
    [InlineData(null)]
    [InlineData("access_token=garbage")]
    public async Task The_WebSocket_upgrade_without_a_valid_token_is_401(string? query)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(_api.WebSocketUri(query), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Fact]
    public async Task An_unknown_route_is_a_problem_404()
    {
        var response = await _api.SendAsync(HttpMethod.Get, "/v1/no-such-route", (await _api.UserAsync()).Token);

        var problem = await Api.ExpectAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, problem["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_unknown_route_has_a_stable_code()
    {
        var response = await _api.SendAsync(HttpMethod.Get, "/v1/no-such-route", (await _api.UserAsync()).Token);

        var problem = await Api.ExpectAsync(response, HttpStatusCode.NotFound);
        Assert.False(string.IsNullOrEmpty(problem["code"]?.GetValue<string>()), "the 404 problem has no code");
    }

    private static TheoryData<string, string, string?> Where(TheoryData<string, string, string?> routes, Func<string, bool> pathMatches)
    {
        var matching = new TheoryData<string, string, string?>();
        foreach (var row in routes)
        {
            var (method, path, body) = ((string)row[0], (string)row[1], (string?)row[2]);
            if (pathMatches(path))
            {
                matching.Add(method, path, body);
            }
        }

        return matching;
    }

    private static string Route(string path, string spaceId, string userId) =>
        path.Replace("{id}", spaceId, StringComparison.Ordinal).Replace("{user}", userId, StringComparison.Ordinal);

    private static JsonObject With(JsonObject claims, string name, JsonNode value)
    {
        claims[name] = value;
        return claims;
    }

    private Task<HttpResponseMessage> SendAsync(string method, string path, User? user, string? body) =>
        body is null
            ? _api.SendAsync(new HttpMethod(method), path, user?.Token)
            : _api.SendRawAsync(new HttpMethod(method), path, user?.Token, body);
}
