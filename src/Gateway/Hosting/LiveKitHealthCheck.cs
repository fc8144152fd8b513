using Microsoft.Extensions.Diagnostics.HealthChecks;
using Spaces.Grains.Media;
using Spaces.LiveKit.RoomService;

namespace Spaces.Gateway.Hosting;

/// <summary>
/// LiveKit for readiness: degraded (still ready, rooms keep their state) when it does not answer or when room
/// operations are waiting for it to come back. Audio is a side effect of the Spaces' state, never a gate.
/// </summary>
internal sealed class LiveKitHealthCheck(RoomServiceClient rooms, IServiceProvider services) : IHealthCheck
{
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
            return HealthCheckResult.Degraded($"LiveKit does not answer; {waiting} rooms wait to be brought up to date.", e);
        }

        return waiting == 0
            ? HealthCheckResult.Healthy("LiveKit answers.")
            : HealthCheckResult.Degraded($"LiveKit answers, {waiting} rooms are still catching up.");
    }
}
