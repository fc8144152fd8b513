using Spaces.Contracts;
using Spaces.Grains.Discovery;

namespace Spaces.Grains.Rooms;

/// <summary>
/// The clock side of a Space (product.md, "Lifecycle"): durable reminders for the reminder lead and the
/// schedule grace, host-absence and empty-room endings, reminder subscriptions and notifications, and the
/// Space's listing in the discovery index.
/// </summary>
internal sealed partial class SpaceGrain : IRemindable
{
    private const string StartingSoonReminder = "starting-soon";
    private const string ScheduleGraceReminder = "schedule-grace";
    private const string LiveCheckReminder = "live-check";

    /// <summary>
    /// A one-shot reminder still needs a period. Orleans schedules ticks at the due time plus whole periods, so a
    /// reminder that fell due while every silo was down fires at the next period: keep it at Orleans' minimum
    /// (one minute) so an outage delays a schedule by at most that. The handlers are idempotent.
    /// </summary>
    private static readonly TimeSpan OneShotRetry = TimeSpan.FromMinutes(1);

    private DateTimeOffset? _hostAwaySince;
    private DateTimeOffset? _emptySince;
    private DateTimeOffset _listedAt;
    private bool _listingStale;

    private ISpaceSubscribersGrain Subscribers => GrainFactory.GetGrain<ISpaceSubscribersGrain>(SpaceId);

    public async Task<SpaceView> SetReminderAsync(string userId, bool subscribed)
    {
        EnsureExists();
        if (subscribed && Space.State != SpaceState.Scheduled)
        {
            throw WrongState("set a reminder for");
        }

        var count = await Subscribers.SetAsync(userId, subscribed);
        if (count != Space.SubscriberCount)
        {
            Space.SubscriberCount = count;
            await CommitAsync();
            PublishListing();
        }

        return View();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var now = _time.GetUtcNow();
        switch (reminderName)
        {
            case StartingSoonReminder when Space.State == SpaceState.Scheduled:
                await ForgetReminderAsync(StartingSoonReminder);
                Subscribers.NotifyAllAsync(Notice(NotificationKind.SpaceStartingSoon)).Ignore();
                break;
            case ScheduleGraceReminder when Space.State == SpaceState.Scheduled:
                // A start moved later re-registers this reminder; firing early (clock skew) just waits for the next tick.
                if (now >= Space.ScheduledStart + _options.ScheduleGrace)
                {
                    await CancelNowAsync(EndReason.NotStarted);
                }

                break;
            case LiveCheckReminder when Space.State == SpaceState.Live:
                // Mostly a wake-up after a silo restart: the live timer does the same checks every tick.
                StartLiveTimer();
                await EnforcePresenceRulesAsync();
                break;
            default:
                await ForgetReminderAsync(reminderName);
                break;
        }
    }

    /// <summary>Registers the scheduled Space's reminders from its start time (again after a reschedule).</summary>
    private async Task ScheduleAsync()
    {
        var start = Space.ScheduledStart!.Value;
        var now = _time.GetUtcNow();
        var notifyAt = start - _options.ReminderLead;
        if (notifyAt > now)
        {
            await this.RegisterOrUpdateReminder(StartingSoonReminder, notifyAt - now, OneShotRetry);
        }
        else
        {
            await ForgetReminderAsync(StartingSoonReminder);
        }

        await this.RegisterOrUpdateReminder(ScheduleGraceReminder, start + _options.ScheduleGrace - now, OneShotRetry);
        PublishListing();
    }

    private async Task GoLiveAsync()
    {
        var wasScheduled = Space.ScheduledStart is not null;
        Space.State = SpaceState.Live;
        Space.StartedAt = _time.GetUtcNow();
        _presentOnStage.Add(Space.CreatorId);
        _hostAwaySince = null;
        _media.OpenRoom(SpaceId, Space.Title);
        StartLiveTimer();
        await CommitAsync(new SpaceStarted(View()));
        if (wasScheduled)
        {
            await ForgetReminderAsync(StartingSoonReminder);
            await ForgetReminderAsync(ScheduleGraceReminder);
            Subscribers.NotifyAllAsync(Notice(NotificationKind.SpaceStarted)).Ignore();
        }

        await this.RegisterOrUpdateReminder(LiveCheckReminder, _options.LiveCheckPeriod, _options.LiveCheckPeriod);
        PublishListing();
    }

    private async Task EndNowAsync(EndReason reason)
    {
        Space.State = SpaceState.Ended;
        Space.EndedAt = _time.GetUtcNow();
        Space.Hands.Clear();
        Space.Invited.Clear();
        // The summary's speakers are everyone who spoke, not just who was on stage at the end.
        Space.Speakers = Space.PastSpeakers.Except(Space.Cohosts).ToList();
        StopLiveTimer();
        _media.CloseRoom(SpaceId);
        await CommitAsync(new SpaceEnded(View(), reason));
        await CloseTicketSalesAsync();
        ReleaseAudience();
        await ForgetReminderAsync(LiveCheckReminder);
        PublishListing();
        LogEnded(reason);
    }

    private async Task CancelNowAsync(EndReason reason)
    {
        Space.State = SpaceState.Canceled;
        Space.EndedAt = _time.GetUtcNow();
        await CommitAsync(new SpaceCanceled(View(), reason));
        // Canceled by hand or for not starting in time: every paid ticket is refunded.
        await RefundAllTicketsAsync();
        await ForgetReminderAsync(StartingSoonReminder);
        await ForgetReminderAsync(ScheduleGraceReminder);
        PublishListing();
        LogEnded(reason);
    }

    /// <summary>Ends a live Space whose host stayed away, or that nobody is in, for longer than allowed.</summary>
    private async Task EnforcePresenceRulesAsync()
    {
        var now = _time.GetUtcNow();
        if (_hostAwaySince is { } away && now - away >= _options.HostAbsenceTimeout)
        {
            await EndNowAsync(EndReason.HostAbsent);
            return;
        }

        if (ParticipantCount > 0)
        {
            _emptySince = null;
            return;
        }

        _emptySince ??= now;
        if (now - _emptySince >= _options.EmptySpaceTimeout)
        {
            await EndNowAsync(EndReason.Empty);
        }
    }

    private async Task ForgetReminderAsync(string reminderName)
    {
        if (await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private Notification Notice(NotificationKind kind, string? byUserId = null) =>
        new(Guid.NewGuid().ToString("N"), kind, SpaceId, Space.Title, byUserId, _time.GetUtcNow());

    /// <summary>Tells the Space's discovery shard what it looks like now (one one-way message); an ended or canceled Space leaves it.</summary>
    private void PublishListing()
    {
        _listedAt = _time.GetUtcNow();
        _listingStale = false;
        GrainFactory.GetGrain<ISpaceIndexGrain>(DiscoveryShard.Of(SpaceId, _options.DiscoveryShards)).UpsertAsync(View()).Ignore();
    }

    /// <summary>Audience sizes reach the index at most once per <see cref="SpacesOptions.DiscoveryRefreshInterval"/>, never per join.</summary>
    private void RefreshListing()
    {
        if (_listingStale && _time.GetUtcNow() - _listedAt >= _options.DiscoveryRefreshInterval && Space.State == SpaceState.Live)
        {
            PublishListing();
        }
    }

    private void LogEnded(EndReason reason) => LogEnded(_logger, SpaceId, Space.State, reason);

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information, Message = "Space {SpaceId} is {State} ({Reason})")]
    private static partial void LogEnded(Microsoft.Extensions.Logging.ILogger logger, string spaceId, SpaceState state, EndReason reason);
}
