using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Spaces.ClusterClient;

namespace Spaces.Gateway.Hosting;

/// <summary>The one line a newcomer needs once the gateway listens: where it is, how it runs, where to look next.</summary>
internal static partial class StartupBanner
{
    public const string ApiReferencePath = "/scalar";
    public const string OpenApiPath = "/openapi/v1.json";
    public const string LivenessPath = "/health/live";
    public const string ReadinessPath = "/health/ready";

    public static void LogStartupBanner(this WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var url = addresses.FirstOrDefault()?.TrimEnd('/') ?? "";
            var gateway = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
            var mode = gateway.Mode == GatewayMode.Embedded ? "Embedded (co-hosted silo, in-memory storage)" : $"Client of a {gateway.Clustering} cluster";
            LogStarted(
                app.Logger, string.Join(", ", addresses), mode, gateway.ClusterId, app.Environment.EnvironmentName,
                url + ApiReferencePath, url + OpenApiPath, url + LivenessPath, url + ReadinessPath);
        });

    [LoggerMessage(Level = LogLevel.Information, Message =
        "Spaces gateway listening on {Urls}: mode {Mode}, cluster {ClusterId}, environment {Environment}. " +
        "API reference {ApiReference}, OpenAPI {OpenApi}, health {Liveness} and {Readiness}")]
    private static partial void LogStarted(
        ILogger logger, string urls, string mode, string clusterId, string environment, string apiReference, string openApi, string liveness, string readiness);
}
