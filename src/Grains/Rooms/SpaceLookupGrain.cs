using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Spaces.Contracts;

namespace Spaces.Grains.Rooms;

/// <summary>Many-Spaces reads, spread over local stateless activations so no single grain serves them all.</summary>
[StatelessWorker]
internal sealed class SpaceLookupGrain(IOptions<SpacesOptions> options) : Grain, ISpaceLookupGrain
{
    public async Task<IReadOnlyList<SpaceView>> GetManyAsync(IReadOnlyList<string> spaceIds)
    {
        if (spaceIds.Count == 0)
        {
            throw SpacesException.Invalid("ids", ErrorCodes.InvalidField, "ids is required: a comma-separated list of Space ids.");
        }

        if (spaceIds.Count > options.Value.MaxLookupIds)
        {
            throw SpacesException.Invalid("ids", ErrorCodes.TooManyIds, $"ids may name at most {options.Value.MaxLookupIds} Spaces.");
        }

        if (spaceIds.FirstOrDefault(id => !Ids.IsSpaceId(id)) is { } bad)
        {
            throw SpacesException.Invalid("ids", ErrorCodes.InvalidId, $"\"{bad}\" is not a Space id.");
        }

        return await FetchAsync(spaceIds);
    }

    public async Task<IReadOnlyList<SpaceView>> GetByCreatorAsync(string userId)
    {
        var ids = await GrainFactory.GetGrain<IUserGrain>(userId).GetCreatedSpaceIdsAsync(options.Value.MaxSpacesPerCreatorLookup);
        return await FetchAsync(ids);
    }

    public async Task<IReadOnlyList<ReplayView>> GetReplaysAsync(string hostId, string viewerId)
    {
        var ids = await GrainFactory.GetGrain<IUserGrain>(hostId).GetCreatedSpaceIdsAsync(options.Value.MaxSpacesPerCreatorLookup);
        var found = await Task.WhenAll(ids.Distinct(StringComparer.Ordinal).Select(id => FindReplayAsync(id, viewerId)));
        return found.OfType<ReplayView>().ToList();
    }

    private async Task<IReadOnlyList<SpaceView>> FetchAsync(IReadOnlyList<string> spaceIds)
    {
        var found = await Task.WhenAll(spaceIds.Distinct(StringComparer.Ordinal).Select(FindAsync));
        return found.OfType<SpaceView>().ToList();
    }

    private async Task<SpaceView?> FindAsync(string spaceId)
    {
        try
        {
            return await GrainFactory.GetGrain<ISpaceGrain>(spaceId).GetAsync();
        }
        catch (SpacesException e) when (e.Kind == ErrorKind.NotFound)
        {
            return null;
        }
    }

    /// <summary>The Space's replay when the viewer may listen to it; the Space decides who may (one rule, in the grain).</summary>
    private async Task<ReplayView?> FindReplayAsync(string spaceId, string viewerId)
    {
        try
        {
            return await GrainFactory.GetGrain<ISpaceGrain>(spaceId).GetReplayAsync(viewerId);
        }
        catch (SpacesException e) when (e.Kind is ErrorKind.NotFound or ErrorKind.Forbidden)
        {
            return null;
        }
    }
}
