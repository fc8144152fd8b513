using System.Collections.Concurrent;
using Orleans.Storage;

namespace Spaces.Grains.Tests.Infrastructure;

/// <summary>
/// The silo's real in-memory grain storage, failing on command: the one test double of the state-first tests.
/// A test makes the next write of one grain fail (<see cref="FailNextWrite"/>) or wait (<see cref="HoldNextWrite"/>),
/// and reads when each write of a grain completed, to compare with when its side effects went out.
/// </summary>
public sealed class FailingGrainStorage(IGrainStorage inner) : IGrainStorage
{
    private readonly ConcurrentDictionary<GrainId, int> _failures = new();
    private readonly ConcurrentDictionary<GrainId, WriteHold> _holds = new();
    private readonly ConcurrentDictionary<GrainId, ConcurrentQueue<DateTimeOffset>> _completed = new();

    /// <summary>The next <paramref name="times"/> writes of <paramref name="grain"/> fail as a storage outage would.</summary>
    public void FailNextWrite(GrainId grain, int times = 1) => _failures[grain] = times;

    /// <summary>The next write of <paramref name="grain"/> waits until the hold is released.</summary>
    public WriteHold HoldNextWrite(GrainId grain) => _holds[grain] = new WriteHold();

    /// <summary>When each successful write of <paramref name="grain"/> completed (system clock), oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> WritesCompleted(GrainId grain) => _completed.TryGetValue(grain, out var times) ? [.. times] : [];

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_holds.TryRemove(grainId, out var hold))
        {
            hold.Started.TrySetResult();
            await hold.Released.Task;
        }

        if (_failures.TryGetValue(grainId, out var remaining) && remaining > 0)
        {
            _failures[grainId] = remaining - 1;
            throw new InjectedStorageFailure(grainId);
        }

        await inner.WriteStateAsync(stateName, grainId, grainState);
        _completed.GetOrAdd(grainId, _ => new ConcurrentQueue<DateTimeOffset>()).Enqueue(DateTimeOffset.UtcNow);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    /// <summary>A write in waiting: <see cref="Started"/> completes when it arrives; <see cref="Release"/> lets it through.</summary>
    public sealed class WriteHold
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => Released.TrySetResult();
    }
}

/// <summary>What the storage double throws: an outage, as a database driver would report one.</summary>
public sealed class InjectedStorageFailure(GrainId grain) : Exception($"Injected storage failure writing {grain}.");
