using Spaces.Contracts;

namespace Spaces.Grains.Notifications;

/// <summary>
/// The reminder subscribers of one Space, kept apart from the Space's own record (rule 1) and notified from
/// here, so the SpaceGrain never loops over them.
/// </summary>
internal sealed class SpaceSubscribersGrain(
    [PersistentState("subscribers", StorageNames.Spaces)] IPersistentState<SpaceSubscribersRecord> record) : Grain, ISpaceSubscribersGrain
{
    public async Task<int> SetAsync(string userId, bool subscribed)
    {
        var changed = subscribed ? record.State.UserIds.Add(userId) : record.State.UserIds.Remove(userId);
        if (changed)
        {
            await record.WriteStateAsync();
        }

        return record.State.UserIds.Count;
    }

    public Task NotifyAllAsync(Notification notification)
    {
        foreach (var userId in record.State.UserIds)
        {
            GrainFactory.GetGrain<IUserGrain>(userId).NotifyAsync(notification).Ignore();
        }

        return Task.CompletedTask;
    }
}

[GenerateSerializer]
public sealed class SpaceSubscribersRecord
{
    [Id(0)] public HashSet<string> UserIds { get; set; } = new(StringComparer.Ordinal);
}
