using Spaces.Contracts;

namespace Spaces.Grains.Hosting;

/// <summary>Answers readiness: a write and a read through the grains' storage provider.</summary>
internal sealed class HealthProbeGrain(
    [PersistentState("health", StorageNames.Spaces)] IPersistentState<HealthProbeRecord> record,
    TimeProvider time) : Grain, IHealthProbeGrain
{
    public async Task CheckStorageAsync()
    {
        record.State.CheckedAt = time.GetUtcNow();
        await record.WriteStateAsync();
        await record.ReadStateAsync();
    }
}

[GenerateSerializer]
public sealed class HealthProbeRecord
{
    [Id(0)] public DateTimeOffset CheckedAt { get; set; }
}
