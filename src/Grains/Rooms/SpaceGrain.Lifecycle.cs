using Spaces.Contracts;
using Spaces.Grains.Discovery;
using Spaces.Grains.Tickets;

namespace Spaces.Grains.Rooms;

/// <summary>
/// The lifecycle of a Space (product.md, "Lifecycle"): create, edit, start, end, cancel; durable reminders for the
/// reminder lead and the schedule grace; reminder subscriptions and their notifications; the Space's listing in
/// the discovery index.
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

    private DateTimeOffset _listedAt;
    private bool _listingStale;

    private ISpaceSubscribersGrain Subscribers => GrainFactory.GetGrain<ISpaceSubscribersGrain>(SpaceId);

    public async Task<SpaceView> CreateAsync(string creatorId, NewSpaceRequest request)
    {
        if (Space.Exists)
        {
            throw SpacesException.Conflict(ErrorCodes.WrongState, "A Space with this id already exists.");
        }

        var now = Time.GetUtcNow();
        var title = SpaceInput.Title(request.Title, Options);
        var scheduledStart = request.ScheduledStart is { } at ? SpaceInput.ScheduledStart(at, now, Options) : (DateTimeOffset?)null;
        var topics = SpaceInput.Topics(request.TopicIds, Options);
        var lang = SpaceInput.Lang(request.Lang);
        var ticket = request.Ticket is null ? null : TicketInput.Terms(request.Ticket, now, TicketOptions);

        Space.Exists = true;
        Space.Title = title;
        Space.CreatorId = creatorId;
        Space.CreatedAt = now;
        Space.ScheduledStart = scheduledStart;
        Space.TopicIds = topics;
        Space.Lang = lang;
        Space.Ticket = ticket;
        Space.State = SpaceState.Scheduled;
        Space.Recording = request.Record == true ? new RecordingRecord { State = RecordingState.Pending } : null;
        RecordCreated();
        if (scheduledStart is null)
        {
            // No start time: the Space goes live at once, with its host on stage.
            await GoLiveAsync();
        }
        else
        {
            await CommitAsync();
            await ScheduleAsync();
        }

        await OpenBoxOfficeAsync();
        LogCreated();
        return View();
    }

    public Task<SpaceView> GetAsync()
    {
        EnsureExists();
        return Task.FromResult(View());
    }

    public async Task<SpaceView> UpdateAsync(string actorId, SpaceUpdate update)
    {
        EnsureInState(actorId, SpaceState.Scheduled, "edit");
        if (update.Title is null && update.ScheduledStart is null)
        {
            throw SpacesException.Invalid("title", ErrorCodes.InvalidField, "Give a title or a scheduled_start to change.");
        }

        var title = update.Title is null ? Space.Title : SpaceInput.Title(update.Title, Options);
        var start = update.ScheduledStart is { } at ? SpaceInput.ScheduledStart(at, Time.GetUtcNow(), Options) : Space.ScheduledStart;
        var rescheduled = start != Space.ScheduledStart;
        Space.Title = title;
        Space.ScheduledStart = start;
        await CommitAsync(new SpaceUpdated(View()));
        if (rescheduled)
        {
            await ScheduleAsync();
        }
        else
        {
            PublishListing();
        }

        return View();
    }

    public async Task<SpaceView> StartAsync(string actorId)
    {
        EnsureInState(actorId, SpaceState.Scheduled, "start");
        await GoLiveAsync();
        return View();
    }

    public async Task<SpaceView> EndAsync(string actorId)
    {
        EnsureInState(actorId, SpaceState.Live, "end");
        await EndNowAsync(EndReason.ByHost);
        return View();
    }

    public async Task<SpaceView> CancelAsync(string actorId)
    {
        EnsureInState(actorId, SpaceState.Scheduled, "cancel");
        await CancelNowAsync(EndReason.ByHost);
        return View();
    }

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
            RecordReminder(userId, subscribed, count);
            await CommitAsync();
            PublishListing();
        }

        return View();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        switch (reminderName)
        {
            case StartingSoonReminder when Space.State == SpaceState.Scheduled:
                await ForgetReminderAsync(StartingSoonReminder);
                NotifySubscribers(NotificationKind.SpaceStartingSoon);
                break;
            case ScheduleGraceReminder when Space.State == SpaceState.Scheduled:
                // A start moved later re-registers this reminder; firing early (clock skew) just waits for the next tick.
                if (Time.GetUtcNow() >= Space.ScheduledStart + Options.ScheduleGrace)
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
        var now = Time.GetUtcNow();
        var notifyAt = start - Options.ReminderLead;
        if (notifyAt > now)
        {
            await this.RegisterOrUpdateReminder(StartingSoonReminder, notifyAt - now, OneShotRetry);
        }
        else
        {
            await ForgetReminderAsync(StartingSoonReminder);
        }

        await this.RegisterOrUpdateReminder(ScheduleGraceReminder, start + Options.ScheduleGrace - now, OneShotRetry);
        PublishListing();
    }

    private async Task GoLiveAsync()
    {
        var wasScheduled = Space.ScheduledStart is not null;
        Space.State = SpaceState.Live;
        Space.StartedAt = Time.GetUtcNow();
        Presence.Open(Space.CreatorId);
        OpenMediaRoom();
        PrepareForExpectedAudience();
        BeginPendingRecording();
        StartLiveTimer();
        await CommitAsync(new SpaceStarted(View()));
        if (wasScheduled)
        {
            await ForgetReminderAsync(StartingSoonReminder);
            await ForgetReminderAsync(ScheduleGraceReminder);
            NotifySubscribers(NotificationKind.SpaceStarted);
        }

        await this.RegisterOrUpdateReminder(LiveCheckReminder, Options.LiveCheckPeriod, Options.LiveCheckPeriod);
        PublishListing();
    }

    private async Task EndNowAsync(EndReason reason)
    {
        Space.State = SpaceState.Ended;
        Space.EndedAt = Time.GetUtcNow();
        Space.Hands.Clear();
        Space.Invited.Clear();
        // The summary's speakers are everyone who spoke, not just who was on stage at the end.
        Space.Speakers = Space.PastSpeakers.Except(Space.Cohosts).ToList();
        StopLiveTimer();
        FinishRunningRecording();
        StopEgresses();
        CloseMediaRoom();
        await CommitAsync([.. CloseReactionInterval(), new SpaceEnded(View(), reason)]);
        await CloseTicketSalesAsync();
        Presence.Clear();
        await ForgetReminderAsync(LiveCheckReminder);
        PublishListing();
        LogEnded(reason);
    }

    private async Task CancelNowAsync(EndReason reason)
    {
        Space.State = SpaceState.Canceled;
        Space.EndedAt = Time.GetUtcNow();
        FinishRunningRecording();
        await CommitAsync(new SpaceCanceled(View(), reason));
        // Canceled by hand or for not starting in time: every paid ticket is refunded.
        await RefundAllTicketsAsync();
        await ForgetReminderAsync(StartingSoonReminder);
        await ForgetReminderAsync(ScheduleGraceReminder);
        PublishListing();
        LogEnded(reason);
    }

    private async Task ForgetReminderAsync(string reminderName)
    {
        if (await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private Notification Notice(NotificationKind kind, string? byUserId = null) =>
        new(Guid.NewGuid().ToString("N"), kind, SpaceId, Space.Title, byUserId, Time.GetUtcNow());

    private void NotifySubscribers(NotificationKind kind)
    {
        var notice = Notice(kind);
        RecordNotification(notice, null);
        Effects.Add(() => Subscribers.NotifyAllAsync(notice).Ignore());
    }

    private void NotifyUser(string userId, NotificationKind kind, string byUserId)
    {
        var notice = Notice(kind, byUserId);
        RecordNotification(notice, userId);
        Effects.Add(() => GrainFactory.GetGrain<IUserGrain>(userId).NotifyAsync(notice).Ignore());
    }

    /// <summary>Tells the Space's discovery shard what it looks like now (one one-way message); an ended or canceled Space leaves it.</summary>
    private void PublishListing()
    {
        _listedAt = Time.GetUtcNow();
        _listingStale = false;
        var listing = View();
        Effects.Add(() => GrainFactory.GetGrain<ISpaceIndexGrain>(DiscoveryShard.Of(SpaceId, Options.DiscoveryShards)).UpsertAsync(listing).Ignore());
    }

    /// <summary>Audience sizes reach the index at most once per <see cref="SpacesOptions.DiscoveryRefreshInterval"/>, never per join.</summary>
    private void RefreshListing(bool audienceChanged)
    {
        _listingStale |= audienceChanged;
        if (_listingStale && Time.GetUtcNow() - _listedAt >= Options.DiscoveryRefreshInterval && Space.State == SpaceState.Live)
        {
            PublishListing();
        }
    }
}
