using System.Net;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Security;

/// <summary>Response headers, error bodies that reveal nothing and echo nothing twice, and webhooks' answers to strangers.</summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class ResponseHardeningTests(GatewayHost host)
{
    [Theory]
    [InlineData("/v1/spaces/live", true)]
    [InlineData("/v1/spaces/0000000000000", true)]
    [InlineData("/v1/nowhere", true)]
    [InlineData("/v1/spaces/live", false)]
    public async Task Api_responses_are_never_sniffed_nor_cached(string path, bool authenticated)
    {
        var user = await host.Api.UserAsync();

        var response = await host.Api.SendAsync(HttpMethod.Get, path, authenticated ? user.Token : null);

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
    }

    [Fact]
    public async Task An_invalid_id_shows_up_once_in_the_problem()
    {
        var user = await host.Api.UserAsync();
        const string Marker = "not-a-space-id-marker";

        var response = await host.Api.SendAsync(HttpMethod.Get, $"/v1/spaces/{Marker}", user.Token);

        var problem = await Api.ExpectProblemAsync(response, HttpStatusCode.BadRequest, "invalid_id", "id");
        var text = problem.ToJsonString();
        Assert.Equal(text.IndexOf(Marker, StringComparison.Ordinal), text.LastIndexOf(Marker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_payment_webhook_without_a_configured_secret_does_not_say_which_setting_is_missing()
    {
        var response = await host.Api.SendRawAsync(HttpMethod.Post, "/v1/webhooks/payments", null, "{}");

        var problem = await Api.ExpectProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_webhook_signature");
        var detail = problem["detail"]!.GetValue<string>();
        Assert.DoesNotContain("Payments", detail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("configured", detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_dev_api_reference_is_served_outside_production()
    {
        var response = await host.Api.Http.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["paths"]);
    }
}
