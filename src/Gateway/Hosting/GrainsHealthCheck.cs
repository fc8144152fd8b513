using Microsoft.Extensions.Diagnostics.HealthChecks;
using Spaces.Contracts;

namespace Spaces.Gateway.Hosting;

/// <summary>Ready when a grain activates and its storage answers, within a few seconds.</summary>
internal sealed class GrainsHealthCheck(IGrainFactory grains) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    // One probe grain per gateway process: readiness checks never pile onto a single grain.
    private static readonly long ProbeKey = Random.Shared.NextInt64();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IHealthProbeGrain>(ProbeKey).CheckStorageAsync().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy("Silo and grain storage answer.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The silo or its storage does not answer.", e);
        }
    }
}
