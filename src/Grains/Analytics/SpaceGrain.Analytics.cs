using Spaces.Contracts;
using Spaces.Contracts.Analytics;
using Spaces.Grains.Analytics;

namespace Spaces.Grains.Rooms;

/// <summary>
/// The Space's analytics events (architecture.md, "Analytics streams"): recorded into the outbox in the record
/// before the write, published after it (<see cref="CommittingGrain"/>), republished on activation. Joins, leaves
/// and reactions are gathered per <see cref="AnalyticsOptions.BatchInterval"/> by <see cref="SpaceAnalytics"/>.
/// </summary>
internal sealed partial class SpaceGrain
{
    private IGrainTimer? _analyticsTimer;

    /// <summary>
    /// Who acts in the current turn: the first argument of an <see cref="ISpaceGrain"/> call (every one that changes
    /// the Space takes its caller first), or null in a timer's or a reminder's turn.
    /// </summary>
    private string? Actor =>
        CurrentCall is { } call && call.InterfaceMethod?.DeclaringType == typeof(ISpaceGrain) && call.Request.GetArgumentCount() > 0
            ? call.Request.GetArgument(0) as string
            : null;

    /// <summary>Records what <paramref name="events"/> mean for analytics, after any batch still open; called for every write.</summary>
    private void RecordAnalytics(SpaceEvent[] events)
    {
        Analytics.Flush(Space.Analytics);
        foreach (var spaceEvent in events)
        {
            if (AnalyticsFacts.From(spaceEvent, Actor) is { } fact)
            {
                Analytics.Record(Space.Analytics, fact);
            }
        }

        PublishAnalyticsAfterWrite();
    }

    private void RecordAnalytics(AnalyticsEvent fact)
    {
        Analytics.Record(Space.Analytics, fact);
        PublishAnalyticsAfterWrite();
    }

    private void RecordCreated()
    {
        RecordAnalytics(AnalyticsFacts.Lifecycle(LifecycleChange.Created, View(), Space.CreatorId));
        if (Space.ScheduledStart is not null)
        {
            RecordAnalytics(AnalyticsFacts.Lifecycle(LifecycleChange.Scheduled, View(), Space.CreatorId));
        }
    }

    private void RecordReminder(string userId, bool set, int subscriberCount) =>
        RecordAnalytics(new ReminderEvent { UserId = userId, IsSet = set, SubscriberCount = subscriberCount, ActorId = userId });

    private void RecordNotification(Notification notice, string? recipientUserId) =>
        RecordAnalytics(AnalyticsFacts.Notification(notice, recipientUserId, recipientUserId is null ? Space.SubscriberCount : 1));

    private void NoteJoin(string userId)
    {
        if (Analytics.Joined(userId))
        {
            StartAnalyticsTimer();
        }
    }

    private void NoteLeave(string userId)
    {
        if (Analytics.Left(userId))
        {
            StartAnalyticsTimer();
        }
    }

    private void NoteReaction(string userId, string emoji)
    {
        if (Analytics.Reacted(userId, emoji))
        {
            StartAnalyticsTimer();
        }
    }

    private void PublishAnalyticsAfterWrite()
    {
        if (Space.Analytics.Unpublished.Count > 0)
        {
            Effects.Add(() => AnalyticsPublishing.PublishAsync(Space.Analytics));
        }
    }

    /// <summary>What a crash between a write and its publish left in the stored outbox goes out now (consumers drop repeats by id).</summary>
    private Task RepublishAnalyticsAsync() => AnalyticsPublishing.PublishAsync(Space.Analytics);

    private void StartAnalyticsTimer() =>
        // One-shot: a quiet Space holds no timer; the next join or reaction opens the next window.
        _analyticsTimer ??= this.RegisterGrainTimer(
            _ => RunTurnAsync(FlushAnalyticsAsync),
            new GrainTimerCreationOptions(AnalyticsPublishing.Options.BatchInterval, Timeout.InfiniteTimeSpan));

    /// <summary>
    /// A Space deactivated the orderly way (its silo stopping, idle collection) stores and publishes its open window
    /// first, so that only a crash loses one.
    /// </summary>
    private async Task FlushOpenAnalyticsWindowAsync()
    {
        if (_analyticsTimer is null)
        {
            return;
        }

        try
        {
            await RunTurnAsync(FlushAnalyticsAsync);
        }
        catch (SpacesException e) when (e.Code == ErrorCodes.StorageUnavailable)
        {
            // The refused write is logged where it failed; the window is lost, as in a crash.
        }
    }

    /// <summary>The window closed: its batches are stored with the record (no updated_at: nobody changed the Space), then published.</summary>
    private async Task FlushAnalyticsAsync()
    {
        _analyticsTimer?.Dispose();
        _analyticsTimer = null;
        Analytics.Flush(Space.Analytics);
        if (Space.Analytics.Unpublished.Count > 0)
        {
            PublishAnalyticsAfterWrite();
            await base.CommitAsync();
        }
    }
}
