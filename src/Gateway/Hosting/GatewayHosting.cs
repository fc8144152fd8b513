using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Spaces.ClusterClient;
using Spaces.Gateway.Auth;
using Spaces.Gateway.Endpoints;
using Spaces.Gateway.Problems;
using Spaces.Gateway.Realtime;
using Spaces.Gateway.Security;
using Spaces.Grains;
using Spaces.Grains.Hosting;
using Spaces.Grains.Payments;
using Spaces.LiveKit;
using Spaces.Streams;

namespace Spaces.Gateway.Hosting;

/// <summary>Composes the gateway: grains (embedded silo or cluster client), JSON, auth, problems, realtime, ops.</summary>
public static class GatewayHosting
{
    public static WebApplicationBuilder AddSpacesGateway(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<GatewayOptions>().Bind(builder.Configuration.GetSection(GatewayOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        builder.AddGrainRuntime();

        services.ConfigureHttpJsonOptions(json => ConfigureJson(json.SerializerOptions));
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = ProblemResponses.AddStableCode);
        services.AddExceptionHandler<SpacesExceptionHandler>();
        services.AddSpacesAuthentication(builder.Configuration);
        services.AddOpenApi(openApi => openApi.AddProblemResponses());
        builder.AddSpacesSecurity();

        services.AddOptions<RealtimeOptions>().Bind(builder.Configuration.GetSection(RealtimeOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RealtimeOptions>, RealtimeOptionsValidator>();
        services.AddOptions<SocketTransportOptions>().Configure<IOptions<RealtimeOptions>>((sockets, realtime) =>
        {
            if (realtime.Value.SocketSendBufferBytes is { } sendBuffer)
            {
                // Accepted sockets inherit the listening socket's buffer size.
                sockets.CreateBoundListenSocket = endpoint =>
                {
                    var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
                    socket.SendBufferSize = sendBuffer;
                    return socket;
                };
            }
        });
        services.AddSingleton<RealtimeJson>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<TokenExpiryScheduler>();
        services.AddSingleton<SpaceFeedHub>();
        services.AddHostedService(sp => sp.GetRequiredService<SpaceFeedHub>());
        services.AddSingleton<NotificationHub>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationHub>());
        services.TryAddTimeProvider();

        // The gateway verifies LiveKit's webhooks and reports its reachability; in embedded mode the silo shares this.
        services.AddLiveKit(builder.Configuration.GetSection(LiveKitOptions.SectionName)).AddLiveKitCredentialChecks();
        services.AddPaymentWebhooks(builder.Configuration.GetSection(PaymentsOptions.Section));
        services.AddHealthChecks()
            .AddCheck<GrainsHealthCheck>("grains", tags: [ReadyTag])
            .AddLiveKitCheck(ReadyTag);
        builder.AddSpacesTelemetry("spaces-gateway", GatewayMetrics.MeterName)
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation())
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !RealtimeEndpoints.IsSocketRequest(context)));
        return builder;
    }

    public static WebApplication MapSpacesGateway(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSpacesWebApp();
        app.UseRequestLimits();
        app.UseWebSockets();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapApiReference();
        app.MapHealthChecks(StartupBanner.LivenessPath, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(StartupBanner.ReadinessPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteHealthAsync });

        var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (auth.DevTokensEnabled && !app.Environment.IsProduction())
        {
            app.MapDevEndpoints();
        }

        app.MapUserEndpoints();
        app.MapSpaceEndpoints();
        app.MapTicketEndpoints();
        app.MapRecordingEndpoints();
        app.MapRealtimeEndpoints(); // short-circuited: runs first, on a pipeline of its own, not behind the middleware above
        app.MapWebhookEndpoints();
        return app;
    }

    private const string ReadyTag = "ready";

    /// <summary>snake_case names and enum values, in requests and responses alike (product.md).</summary>
    internal static void ConfigureJson(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        // The web defaults read "500" as 500; a number sent as a string is the client's bug, answered 400 naming the field.
        json.NumberHandling = JsonNumberHandling.Strict;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(s => s.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    private static void AddGrainRuntime(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        var streams = builder.Configuration.GetSection(GatewayOptions.StreamsSection);
        if (options.Mode == GatewayMode.Embedded)
        {
            builder.UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(options.SiloPort, options.SiloGatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
                silo.AddMemoryGrainStorage(StorageNames.Spaces);
                silo.UseInMemoryReminderService();
                silo.AddSpacesStreams(streams);
                silo.AddSpacesGrains(builder.Configuration);
            });
        }
        else
        {
            builder.UseOrleansClient(client => client
                .UseSpacesClustering(options, builder.Configuration)
                .AddSpacesStreams(streams));
        }
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString().ToLowerInvariant(), description = e.Value.Description }),
        });
    }
}
