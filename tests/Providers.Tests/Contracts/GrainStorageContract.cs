using Orleans.Storage;
using Spaces.Providers.Tests.Infrastructure;

namespace Spaces.Providers.Tests.Contracts;

/// <summary>
/// What grains need from grain storage — read, write, clear, and optimistic concurrency that never overwrites
/// silently — written once and run against every backend. Each test uses grains of its own.
/// </summary>
public abstract class GrainStorageContract(ProviderBackend backend)
{
    private const string StateName = "room";

    [BackendFact]
    public async Task A_grain_never_written_reads_as_a_fresh_state()
    {
        var storage = await backend.StorageAsync();
        IGrainState<ContractState> read = new GrainState<ContractState>();

        await storage.ReadStateAsync(StateName, NewGrain(), read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(string.Empty, read.State!.Title);
    }

    [BackendFact]
    public async Task A_written_state_reads_back_whole_with_its_etag()
    {
        var storage = await backend.StorageAsync();
        var grain = NewGrain();
        IGrainState<ContractState> written = new GrainState<ContractState>(new ContractState { Title = "Morning coffee", Speakers = ["ada", "bob"], Blob = [1, 2, 3] });

        await storage.WriteStateAsync(StateName, grain, written);
        IGrainState<ContractState> read = new GrainState<ContractState>();
        await storage.ReadStateAsync(StateName, grain, read);

        Assert.True(read.RecordExists);
        Assert.NotNull(written.ETag);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("Morning coffee", read.State!.Title);
        Assert.Equal(["ada", "bob"], read.State!.Speakers);
        Assert.Equal([1, 2, 3], read.State!.Blob);
    }

    [BackendFact]
    public async Task A_write_from_a_stale_read_is_refused_and_the_stored_state_stays()
    {
        var storage = await backend.StorageAsync();
        var grain = NewGrain();
        IGrainState<ContractState> first = new GrainState<ContractState>(new ContractState { Title = "v1" });
        await storage.WriteStateAsync(StateName, grain, first);
        IGrainState<ContractState> stale = new GrainState<ContractState>(new ContractState { Title = "stale" }) { ETag = first.ETag };
        first.State!.Title = "v2";
        await storage.WriteStateAsync(StateName, grain, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, stale));

        Assert.Equal("v2", (await ReadAsync(storage, grain)).State!.Title);
    }

    [BackendFact]
    public async Task A_first_write_over_a_state_someone_else_wrote_is_refused()
    {
        var storage = await backend.StorageAsync();
        var grain = NewGrain();
        await storage.WriteStateAsync(StateName, grain, new GrainState<ContractState>(new ContractState { Title = "theirs" }));

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync(StateName, grain, new GrainState<ContractState>(new ContractState { Title = "mine" })));

        Assert.Equal("theirs", (await ReadAsync(storage, grain)).State!.Title);
    }

    [BackendFact]
    public async Task Of_concurrent_writers_from_one_read_exactly_one_wins()
    {
        var storage = await backend.StorageAsync();
        var grain = NewGrain();
        IGrainState<ContractState> origin = new GrainState<ContractState>(new ContractState { Title = "origin" });
        await storage.WriteStateAsync(StateName, grain, origin);
        var writers = Enumerable.Range(0, 8)
            .Select(i => new GrainState<ContractState>(new ContractState { Title = $"writer-{i}" }) { ETag = origin.ETag })
            .ToList();

        var outcomes = await Task.WhenAll(writers.Select(async writer =>
        {
            try
            {
                await storage.WriteStateAsync(StateName, grain, writer);
                return null;
            }
            catch (InconsistentStateException conflict)
            {
                return conflict;
            }
        }));

        Assert.Single(outcomes, outcome => outcome is null);
        Assert.Equal(writers.Count - 1, outcomes.Count(outcome => outcome is not null));
        var winner = writers[Array.IndexOf(outcomes, null)];
        var stored = await ReadAsync(storage, grain);
        Assert.Equal(winner.State!.Title, stored.State!.Title);
        Assert.Equal(winner.ETag, stored.ETag);
    }

    [BackendFact]
    public async Task A_cleared_state_reads_as_fresh_and_a_write_from_before_the_clear_is_refused()
    {
        var storage = await backend.StorageAsync();
        var grain = NewGrain();
        IGrainState<ContractState> state = new GrainState<ContractState>(new ContractState { Title = "to forget" });
        await storage.WriteStateAsync(StateName, grain, state);
        IGrainState<ContractState> beforeClear = new GrainState<ContractState>(new ContractState { Title = "late" }) { ETag = state.ETag };

        await storage.ClearStateAsync(StateName, grain, state);

        Assert.False(state.RecordExists);
        Assert.Equal(string.Empty, state.State!.Title);
        var read = await ReadAsync(storage, grain);
        Assert.False(read.RecordExists);
        Assert.Equal(string.Empty, read.State!.Title);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, beforeClear));
        state.State!.Title = "again";
        await storage.WriteStateAsync(StateName, grain, state);
        Assert.Equal("again", (await ReadAsync(storage, grain)).State!.Title);
    }

    private static GrainId NewGrain() => GrainId.Create("space", Guid.NewGuid().ToString("N"));

    private static async Task<IGrainState<ContractState>> ReadAsync(IGrainStorage storage, GrainId grain)
    {
        IGrainState<ContractState> read = new GrainState<ContractState>();
        await storage.ReadStateAsync(StateName, grain, read);
        return read;
    }
}

public sealed class MemoryGrainStorageContract(MemoryBackend backend) : GrainStorageContract(backend), IClassFixture<MemoryBackend>;

public sealed class PostgreSqlGrainStorageContract(PostgreSqlBackend backend) : GrainStorageContract(backend), IClassFixture<PostgreSqlBackend>;

[RequiresMongoDB]
public sealed class MongoGrainStorageContract(MongoBackend backend) : GrainStorageContract(backend), IClassFixture<MongoBackend>;
