extern alias gateway;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Spaces.Cluster.Tests.Infrastructure;
using GatewayProgram = gateway::Program;

namespace Spaces.Cluster.Tests;

/// <summary>A gateway in Client mode finds the silos in the PostgreSQL membership table (Gateway:Clustering = AdoNet).</summary>
public sealed class GatewayClientTests
{
    [Fact]
    public async Task A_client_mode_gateway_reaches_the_grains_through_the_membership_table()
    {
        await using var cluster = await SpacesCluster.CreateAsync();
        await cluster.StartSiloAsync();
        await using var gateway = new WebApplicationFactory<GatewayProgram>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            web.UseSetting("Gateway:Mode", "Client");
            web.UseSetting("Gateway:Clustering", "AdoNet");
            web.UseSetting("Gateway:ClusterId", cluster.ClusterId);
            web.UseSetting("Gateway:ServiceId", cluster.ServiceId);
            web.UseSetting("ConnectionStrings:Orleans", cluster.Database.ConnectionString);
        });
        using var http = gateway.CreateClient();

        var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));

        var health = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(health?["checks"]?["grains"]?["status"]?.GetValue<string>() == "healthy", $"{(int)response.StatusCode}: {health}");
        // The readiness probe wrote through the silo's storage: the row is keyed by state name ("health") and grain key.
        Assert.Equal(1L, await cluster.Database.ScalarAsync<long>(
            "SELECT count(*) FROM OrleansStorage WHERE GrainTypeString = 'health' AND PayloadBinary IS NOT NULL"));
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
}
