using Microsoft.Extensions.Options;
using Spaces.Contracts;

namespace Spaces.Grains.Discovery;

/// <summary>
/// One shard of the discovery index: the latest listing of each live or scheduled Space that hashes here.
/// Spaces push their listings (one-way) on lifecycle changes and at most every few seconds for audience
/// sizes, so the index lags by seconds and no join ever touches it (architecture rule 3). Persisted lazily so
/// upcoming Spaces survive a restart; live ones re-list themselves from their live timers.
/// </summary>
internal sealed class SpaceIndexGrain(
    [PersistentState("index", StorageNames.Spaces)] IPersistentState<SpaceIndexRecord> record,
    IOptions<SpacesOptions> options) : Grain, ISpaceIndexGrain
{
    private bool _dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var flushEvery = options.Value.DiscoveryRefreshInterval;
        this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(flushEvery, flushEvery) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    public Task UpsertAsync(SpaceView space)
    {
        var listings = record.State.Listings;
        if (space.State is SpaceState.Live or SpaceState.Scheduled)
        {
            // One-way pushes may arrive out of order: an older listing never replaces a newer one. Audience refreshes
            // keep UpdatedAt, so they always land.
            if (!listings.TryGetValue(space.Id, out var known) || known.UpdatedAt <= space.UpdatedAt)
            {
                listings[space.Id] = space;
            }
        }
        else
        {
            listings.Remove(space.Id);
        }

        _dirty = true;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SpaceView>> ListAsync(SpaceState state)
    {
        IReadOnlyList<SpaceView> listings = record.State.Listings.Values.Where(s => s.State == state).ToList();
        return Task.FromResult(listings);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            _dirty = false;
            await record.WriteStateAsync(cancellationToken);
        }
    }
}

[GenerateSerializer]
public sealed class SpaceIndexRecord
{
    [Id(0)] public Dictionary<string, SpaceView> Listings { get; set; } = new(StringComparer.Ordinal);
}
