using Microsoft.Extensions.Diagnostics.HealthChecks;
using Spaces.Grains.Media;
using Spaces.LiveKit.RoomService;

namespace Spaces.Gateway.Hosting;

/// <summary>
/// LiveKit for readiness: degraded (still ready, rooms keep their state) when it does not answer or when room
/// operations are waiting for it to come back. Audio is a side effect of the Spaces' state, never a gate.
/// </summary>
internal sealed class LiveKitHealthCheck(RoomServiceClient rooms, LiveKitReachability reachability, IServiceProvider services) : IHealthCheck
{
    public const string Name = "livekit";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Only a co-hosted silo has its room operation queue here; a cluster's silos report their own.
        var waiting = services.GetService<IMediaBacklog>()?.RoomsWaiting ?? 0;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            await rooms.ListRoomsAsync(["health-probe"], timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // No exception in the result: the health check service would log its stack trace on every probe.
            reachability.DidNotAnswer(e is OperationCanceledException ? $"no answer within {ProbeTimeout.TotalSeconds:0.#} s" : e.Message);
            return HealthCheckResult.Degraded($"LiveKit does not answer; {waiting} rooms wait to be brought up to date.");
        }

        reachability.Answered();
        return waiting == 0
            ? HealthCheckResult.Healthy("LiveKit answers.")
            : HealthCheckResult.Degraded($"LiveKit answers, {waiting} rooms are still catching up.");
    }
}

internal static class LiveKitHealthCheckRegistration
{
    /// <summary>The LiveKit readiness check, also run in the background so an outage is logged when nobody probes readiness.</summary>
    public static IHealthChecksBuilder AddLiveKitCheck(this IHealthChecksBuilder checks, string tag)
    {
        checks.Services.AddSingleton<LiveKitReachability>();
        checks.Services.AddSingleton<IHealthCheckPublisher, BackgroundProbe>();
        checks.Services.Configure<HealthCheckPublisherOptions>(publishing => publishing.Predicate = check => check.Name == LiveKitHealthCheck.Name);
        return checks.AddCheck<LiveKitHealthCheck>(LiveKitHealthCheck.Name, tags: [tag]);
    }

    /// <summary>
    /// ASP.NET Core runs health checks on a schedule (<see cref="HealthCheckPublisherOptions"/>: first after 5 s, then
    /// every 30 s) only while a publisher exists; the check itself reports what it finds to <see cref="LiveKitReachability"/>.
    /// </summary>
    private sealed class BackgroundProbe : IHealthCheckPublisher
    {
        public Task PublishAsync(HealthReport report, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
