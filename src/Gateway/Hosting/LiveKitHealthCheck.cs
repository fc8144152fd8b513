using Microsoft.Extensions.Diagnostics.HealthChecks;
using Spaces.Grains.Media;
using Spaces.LiveKit.Egress;
using Spaces.LiveKit.RoomService;

namespace Spaces.Gateway.Hosting;

/// <summary>
/// LiveKit for readiness: degraded (still ready, rooms keep their state) when its RoomService or Egress service does
/// not answer, when room operations are waiting for it to come back, or when egress starts wait (HLS listeners may
/// hear nothing yet). Audio is a side effect of the Spaces' state, never a gate.
/// </summary>
internal sealed class LiveKitHealthCheck(RoomServiceClient rooms, EgressClient egress, LiveKitReachability reachability, IServiceProvider services) : IHealthCheck
{
    public const string Name = "livekit";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Only a co-hosted silo has its room operation queue here; a cluster's silos report their own.
        var backlog = services.GetService<IMediaBacklog>();
        var waiting = backlog?.RoomsWaiting ?? 0;
        var egressStarts = backlog?.EgressStartsPending ?? 0;
        var probed = "LiveKit";
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            await rooms.ListRoomsAsync(["health-probe"], timeout.Token);
            probed = "LiveKit Egress";
            await egress.ListEgressAsync("health-probe", activeOnly: true, cancellationToken: timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // No exception in the result: the health check service would log its stack trace on every probe.
            reachability.DidNotAnswer(e is OperationCanceledException ? $"{probed}: no answer within {ProbeTimeout.TotalSeconds:0.#} s" : $"{probed}: {e.Message}");
            return HealthCheckResult.Degraded($"{probed} does not answer; {waiting} rooms and {egressStarts} egress starts wait to be brought up to date.");
        }

        reachability.Answered();
        return (waiting, egressStarts) switch
        {
            (0, 0) => HealthCheckResult.Healthy("LiveKit and its Egress service answer."),
            (0, _) => HealthCheckResult.Degraded($"LiveKit answers, {egressStarts} egress starts wait for an egress worker; HLS listeners may hear nothing yet."),
            _ => HealthCheckResult.Degraded($"LiveKit answers, {waiting} rooms are still catching up ({egressStarts} egress starts waiting)."),
        };
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
