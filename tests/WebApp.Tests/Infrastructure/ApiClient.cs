using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Spaces.WebApp.Tests.Infrastructure;

/// <summary>The HTTP API from the test's side: what other people in a scenario do while the browser watches.</summary>
public sealed class ApiClient(HttpClient http) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task<string> TokenAsync(string userId, string? displayName = null)
    {
        var answer = await SendAsync(HttpMethod.Post, "/v1/dev/token", null, new { user_id = userId, display_name = displayName ?? userId });
        return answer!["token"]!.GetValue<string>();
    }

    public async Task<string> CreateSpaceAsync(string token, object request) =>
        (await SendAsync(HttpMethod.Post, "/v1/spaces", token, request))!["id"]!.GetValue<string>();

    public Task<JsonNode?> PostAsync(string path, string token, object? body = null) => SendAsync(HttpMethod.Post, path, token, body);

    public Task<JsonNode?> PutAsync(string path, string token) => SendAsync(HttpMethod.Put, path, token, null);

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, string? token, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public void Dispose() => http.Dispose();
}
