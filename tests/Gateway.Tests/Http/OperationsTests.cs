using System.Net;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Http;

/// <summary>What ops and client developers reach without signing in: health, the OpenAPI document, the API reference.</summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class OperationsTests(GatewayHost host)
{
    private readonly HttpClient _http = host.Api.Http;

    [Fact]
    public async Task Liveness_is_200()
    {
        using var response = await _http.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readiness_is_200_healthy_with_the_grains_and_livekit_checks()
    {
        var ready = await Api.ExpectAsync(await _http.GetAsync("/health/ready"), HttpStatusCode.OK);

        Assert.Equal("healthy", ready["status"]!.GetValue<string>());
        Assert.Equal("healthy", ready["checks"]!["grains"]!["status"]!.GetValue<string>());
        Assert.Equal("healthy", ready["checks"]!["livekit"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_routes_with_snake_case_schemas()
    {
        using var response = await _http.GetAsync("/openapi/v1.json");
        var document = await Api.ExpectAsync(response, HttpStatusCode.OK);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("3.", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        var paths = document["paths"]!.AsObject();
        foreach (var path in new[] { "/v1/spaces", "/v1/spaces/{id}", "/v1/spaces/{id}/join", "/v1/spaces/{id}/participants", "/v1/users/{id}", "/v1/users/me" })
        {
            Assert.True(paths.ContainsKey(path), $"{path} is not in the OpenAPI document");
        }

        var spaceSchema = document["components"]!["schemas"]!.AsObject().Single(s => s.Value!["properties"]?["creator_id"] is not null).Value!;
        Assert.NotNull(spaceSchema["properties"]!["participant_count"]);
    }

    [Theory]
    [InlineData("/scalar/v1")]
    [InlineData("/scalar")]
    public async Task The_API_reference_page_is_HTML(string path)
    {
        using var response = await _http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>With development sign-in off, as in production, <c>POST /v1/dev/token</c> does not exist.</summary>
public sealed class NoDevTokensTests(NoDevTokensGatewayHost host) : IClassFixture<NoDevTokensGatewayHost>
{
    [Fact]
    public async Task Dev_token_is_404_when_dev_tokens_are_off()
    {
        var response = await host.Api.SendAsync(HttpMethod.Post, "/v1/dev/token", null, new JsonObject { ["user_id"] = "someone" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await host.Api.Http.GetAsync("/health/ready")).StatusCode);
    }
}
