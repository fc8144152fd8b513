extern alias gateway;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Spaces.Cluster.Tests.Infrastructure;
using Spaces.Gateway.Tests.Infrastructure;
using GatewayProgram = gateway::Program;

namespace Spaces.Cluster.Tests;

/// <summary>
/// A gateway in Client mode finds the silos in the PostgreSQL membership table (Gateway:Clustering = AdoNet), and says
/// 503 <c>cluster_unavailable</c> (an <c>error</c> frame on the WebSocket) while no silo answers.
/// </summary>
public sealed class GatewayClientTests
{
    [Fact]
    public async Task A_client_mode_gateway_reaches_the_grains_through_the_membership_table()
    {
        await using var cluster = await SpacesCluster.CreateAsync();
        await cluster.StartSiloAsync();
        await using var gateway = ClientModeGateway(cluster);
        using var http = gateway.CreateClient();

        var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        var health = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(health?["checks"]?["grains"]?["status"]?.GetValue<string>() == "healthy", $"{(int)response.StatusCode}: {health}");
        // The readiness probe wrote through the silo's storage: the row is keyed by state name ("health") and grain key.
        Assert.Equal(1L, await cluster.Database.ScalarAsync<long>(
            "SELECT count(*) FROM OrleansStorage WHERE GrainTypeString = 'health' AND PayloadBinary IS NOT NULL"));
    }

    [Fact]
    public async Task With_no_silo_to_answer_the_gateway_says_cluster_unavailable_and_answers_again_once_one_is_back()
    {
        await using var cluster = await SpacesCluster.CreateAsync();
        var silo = await cluster.StartSiloAsync();
        await using var gateway = ClientModeGateway(cluster);
        var address = gateway.StartOnLoopback();
        using var api = new Api(new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(40) }, address);
        var user = await api.UserAsync("while-up");
        await using var socket = await EventClient.ConnectReadyAsync(api, user.Token);
        const string SpaceId = "AbCdEfGhIjK12"; // never created: the Space grain's 404 once the cluster answers

        await cluster.StopSiloAsync(silo);

        await Api.ExpectProblemAsync(await api.SendAsync(HttpMethod.Get, $"/v1/spaces/{SpaceId}", user.Token), HttpStatusCode.ServiceUnavailable, "cluster_unavailable");
        using (var again = await api.SendAsync(HttpMethod.Get, $"/v1/spaces/{SpaceId}", user.Token))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, again.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), again.Headers.RetryAfter?.Delta);
        }

        var refused = await socket.SubscribeAsync(SpaceId);
        Assert.Equal("cluster_unavailable", refused["code"]?.GetValue<string>());

        // An app that retries gets its answer once a silo is back, and nothing but "unavailable" until then, on the
        // same socket too.
        await cluster.StartSiloAsync();
        await ProcessCluster.WaitAsync(async () =>
        {
            using var response = await api.SendAsync(HttpMethod.Get, $"/v1/spaces/{SpaceId}", user.Token);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.ServiceUnavailable, $"got {(int)response.StatusCode}");
            return response.StatusCode == HttpStatusCode.NotFound ? "answered" : null;
        }, TimeSpan.FromSeconds(60), "the gateway to reach the new silo");
        var answered = await socket.SubscribeAsync(SpaceId);
        Assert.Equal("space_not_found", answered["code"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("AdoNet", "ConnectionStrings:Orleans")]
    [InlineData("MongoDB", "ConnectionStrings:Mongo")]
    public void A_client_mode_gateway_without_the_membership_database_does_not_start(string clustering, string named)
    {
        using var gateway = new WebApplicationFactory<GatewayProgram>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Gateway:Mode", "Client");
            web.UseSetting("Gateway:Clustering", clustering);
        });

        var error = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }

    private static WebApplicationFactory<GatewayProgram> ClientModeGateway(SpacesCluster cluster) =>
        new WebApplicationFactory<GatewayProgram>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            web.UseSetting("Gateway:Mode", "Client");
            web.UseSetting("Gateway:Clustering", "AdoNet");
            web.UseSetting("Gateway:ClusterId", cluster.ClusterId);
            web.UseSetting("Gateway:ServiceId", cluster.ServiceId);
            web.UseSetting("ConnectionStrings:Orleans", cluster.Database.ConnectionString);
        });
}
