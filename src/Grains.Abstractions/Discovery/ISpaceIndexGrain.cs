namespace Spaces.Contracts;

/// <summary>One shard of the discovery index: listings of live and scheduled Spaces.</summary>
public interface ISpaceIndexGrain : IGrainWithIntegerKey
{
    /// <summary>Lists the Space as it is now; a Space that is neither live nor scheduled leaves the index.</summary>
    [Orleans.Concurrency.OneWay]
    Task UpsertAsync(SpaceView space);

    Task<IReadOnlyList<SpaceView>> ListAsync(SpaceState state);
}
