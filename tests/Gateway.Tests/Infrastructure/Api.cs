using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Spaces.Gateway.Tests.Infrastructure;

/// <summary>A client of the public API as product.md describes it: raw JSON in and out, no server types.</summary>
public sealed class Api(HttpClient http, Uri baseAddress) : IDisposable
{
    public HttpClient Http => http;

    /// <summary>A user id no other test uses.</summary>
    public static string NewUserId(string prefix = "u") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 33)];

    public async Task<string> TokenAsync(string userId, bool admin = false, string? displayName = null)
    {
        var body = new JsonObject { ["user_id"] = userId, ["display_name"] = displayName ?? userId };
        if (admin)
        {
            body["roles"] = new JsonArray("admin");
        }

        var response = await SendAsync(HttpMethod.Post, "/v1/dev/token", null, body);
        return (await ExpectAsync(response, HttpStatusCode.OK))["token"]!.GetValue<string>();
    }

    /// <summary>A signed-in user with the given follower count (set through the admin route).</summary>
    public async Task<User> UserAsync(string prefix = "u", long followers = 0)
    {
        var id = NewUserId(prefix);
        var token = await TokenAsync(id);
        if (followers > 0)
        {
            var admin = await TokenAsync(NewUserId("admin"), admin: true);
            await ExpectAsync(await SendAsync(HttpMethod.Put, $"/v1/admin/users/{id}/followers", admin, new JsonObject { ["count"] = followers }), HttpStatusCode.OK);
        }

        return new User(id, token);
    }

    /// <summary>A host eligible to host (600 followers by default) and their live Space's id.</summary>
    public async Task<(User Host, string SpaceId)> LiveSpaceAsync(string title = "Test Space")
    {
        var host = await UserAsync("host", followers: 600);
        var created = await ExpectAsync(await SendAsync(HttpMethod.Post, "/v1/spaces", host.Token, new JsonObject { ["title"] = title }), HttpStatusCode.Created);
        return (host, created["id"]!.GetValue<string>());
    }

    /// <summary>A new user who joined the Space as a listener.</summary>
    public async Task<User> ListenerAsync(string spaceId, string prefix = "listener")
    {
        var user = await UserAsync(prefix);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/join", user.Token), HttpStatusCode.OK);
        return user;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, string? token, string rawBody)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(rawBody, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request);
    }

    /// <summary>Asserts the status and returns the JSON body (an empty object for empty bodies).</summary>
    public static async Task<JsonNode> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>Asserts an RFC 7807 problem with the status, stable code and (when given) field.</summary>
    public static async Task<JsonNode> ExpectProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? field = null)
    {
        var problem = await ExpectAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, problem["code"]?.GetValue<string>());
        Assert.Equal((int)status, problem["status"]?.GetValue<int>());
        if (field is not null)
        {
            Assert.Equal(field, problem["field"]?.GetValue<string>());
        }

        return problem;
    }

    /// <summary>A WebSocket to /v1/ws authenticated with the token in the Authorization header.</summary>
    public async Task<ClientWebSocket> ConnectAsync(string token, CancellationToken cancellationToken = default)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        await socket.ConnectAsync(WebSocketUri(), cancellationToken);
        return socket;
    }

    public Uri WebSocketUri(string? query = null) =>
        new UriBuilder(baseAddress) { Scheme = "ws", Path = "/v1/ws", Query = query ?? "" }.Uri;

    public static JsonSerializerOptions Json { get; } = new() { PropertyNameCaseInsensitive = false };

    public void Dispose() => http.Dispose();
}

public sealed record User(string Id, string Token);
