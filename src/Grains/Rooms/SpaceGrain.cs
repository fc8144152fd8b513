using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;
using Spaces.Contracts;

namespace Spaces.Grains.Rooms;

/// <summary>
/// One live audio room. Every rule of product.md's "Roles and rules" and "Lifecycle" is decided here, in the
/// grain's single-threaded turn, so limits such as the stage size hold under any concurrency.
/// </summary>
internal sealed partial class SpaceGrain : Grain, ISpaceGrain
{
    /// <summary>Seqs are reserved in blocks so that only one write in this many events is for the counter.</summary>
    private const long SeqBlock = 1000;

    private readonly IPersistentState<SpaceRecord> _record;
    private readonly SpacesOptions _options;
    private readonly TimeProvider _time;
    private readonly IMediaPort _media;
    private readonly SpacesMetrics _metrics;
    private readonly IEnumerable<ISpaceEventSink> _sinks;
    private readonly ILogger<SpaceGrain> _logger;
    private readonly ObserverManager<ISpaceEventObserver> _gateways;
    private readonly EventLog _eventLog;
    private readonly ReactionLimiter _reactionLimiter;

    // Soft state (architecture rule 1): rebuilt from joins, never persisted.
    private readonly Audience _audience = new();
    private readonly HashSet<string> _presentOnStage = new(StringComparer.Ordinal);
    private readonly HashSet<string> _everListened = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _audioTracks = new(StringComparer.Ordinal);
    private readonly RecentIds _mediaEventIds;

    private long _seq;
    private bool _audienceChanged;
    private bool _countersChanged;
    private IGrainTimer? _liveTimer;

    public SpaceGrain(
        [PersistentState("space", StorageNames.Spaces)] IPersistentState<SpaceRecord> record,
        IOptions<SpacesOptions> options,
        TimeProvider time,
        IMediaPort media,
        SpacesMetrics metrics,
        IEnumerable<ISpaceEventSink> sinks,
        ILogger<SpaceGrain> logger)
    {
        _record = record;
        _options = options.Value;
        _time = time;
        _media = media;
        _metrics = metrics;
        _sinks = sinks;
        _logger = logger;
        _gateways = new ObserverManager<ISpaceEventObserver>(_options.EventObserverExpiry, logger)
        {
            GetDateTime = () => time.GetUtcNow().UtcDateTime,
        };
        _eventLog = new EventLog(_options.EventReplayCapacity);
        _mediaEventIds = new RecentIds(_options.MediaEventDedupeCapacity);
        _reactionLimiter = new ReactionLimiter(_options.ReactionBurst, _options.ReactionsPerSecond, time);
    }

    private SpaceRecord Space => _record.State;

    private string SpaceId => this.GetPrimaryKeyString();

    private int StageCount => 1 + Space.Cohosts.Count + Space.Speakers.Count;

    private int ParticipantCount => _audience.Count + _presentOnStage.Count;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _seq = Space.SeqReservedUpTo;
        if (Space.Exists && Space.State == SpaceState.Live)
        {
            // Presence is soft state: after a restart the host counts as away until they show up again.
            _hostAwaySince = _time.GetUtcNow();
            StartLiveTimer();
        }

        return LoadTicketHoldersAsync();
    }

    public async Task<SpaceView> CreateAsync(string creatorId, NewSpaceRequest request)
    {
        if (Space.Exists)
        {
            throw SpacesException.Conflict(ErrorCodes.WrongState, "A Space with this id already exists.");
        }

        var now = _time.GetUtcNow();
        var title = SpaceInput.Title(request.Title, _options);
        var scheduledStart = request.ScheduledStart is { } at ? SpaceInput.ScheduledStart(at, now, _options) : (DateTimeOffset?)null;
        var topics = SpaceInput.Topics(request.TopicIds, _options);
        var lang = SpaceInput.Lang(request.Lang);
        var ticket = TicketTermsOf(request.Ticket, now);

        Space.Exists = true;
        Space.Title = title;
        Space.CreatorId = creatorId;
        Space.CreatedAt = now;
        Space.ScheduledStart = scheduledStart;
        Space.TopicIds = topics;
        Space.Lang = lang;
        Space.Ticket = ticket;
        Space.State = SpaceState.Scheduled;
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
        LogCreated(creatorId, Space.State);
        return View();
    }

    public Task<SpaceView> GetAsync()
    {
        EnsureExists();
        return Task.FromResult(View());
    }

    public async Task<SpaceView> UpdateAsync(string actorId, SpaceUpdate update)
    {
        EnsureExists();
        EnsureHost(actorId);
        if (Space.State != SpaceState.Scheduled)
        {
            throw WrongState("edit");
        }

        if (update.Title is null && update.ScheduledStart is null)
        {
            throw SpacesException.Invalid("title", ErrorCodes.InvalidField, "Give a title or a scheduled_start to change.");
        }

        var title = update.Title is null ? Space.Title : SpaceInput.Title(update.Title, _options);
        var start = update.ScheduledStart is { } at ? SpaceInput.ScheduledStart(at, _time.GetUtcNow(), _options) : Space.ScheduledStart;
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
        EnsureExists();
        EnsureHost(actorId);
        if (Space.State != SpaceState.Scheduled)
        {
            throw WrongState("start");
        }

        await GoLiveAsync();
        return View();
    }

    public async Task<SpaceView> EndAsync(string actorId)
    {
        EnsureExists();
        EnsureHost(actorId);
        if (Space.State != SpaceState.Live)
        {
            throw WrongState("end");
        }

        await EndNowAsync(EndReason.ByHost);
        return View();
    }

    public async Task<SpaceView> CancelAsync(string actorId)
    {
        EnsureExists();
        EnsureHost(actorId);
        if (Space.State != SpaceState.Scheduled)
        {
            throw WrongState("cancel");
        }

        await CancelNowAsync(EndReason.ByHost);
        return View();
    }

    public Task<JoinResult> JoinAsync(string userId)
    {
        // Every check that can fail runs before Enter changes state (a bad id would fail only at IssueAccess).
        EnsureValidUserId(userId);
        EnsureLive();
        if (Space.Removed.Contains(userId))
        {
            throw SpacesException.Forbidden(ErrorCodes.RemovedFromSpace, "You were removed from this Space and cannot rejoin it.");
        }

        EnsureMayEnter(userId);
        var role = Enter(userId);
        _metrics.Joined(role);
        return Task.FromResult(new JoinResult(role, _media.IssueAccess(SpaceId, userId, role)));
    }

    public async Task LeaveAsync(string userId)
    {
        EnsureExists();
        if (Space.State == SpaceState.Live)
        {
            await ExitAsync(userId);
        }
    }

    public async Task RaiseHandAsync(string userId)
    {
        EnsureLive();
        if (StageRole(userId) is not null)
        {
            throw SpacesException.Conflict(ErrorCodes.AlreadyOnStage, "You are already on stage.");
        }

        EnsureListening(userId);
        if (HasRaisedHand(userId))
        {
            return;
        }

        Space.Hands.Add(new RaisedHand(userId, _time.GetUtcNow()));
        await CommitAsync(new HandRaised(userId));
    }

    public async Task LowerHandAsync(string actorId, string userId)
    {
        EnsureLive();
        if (actorId != userId)
        {
            EnsureModerator(actorId);
        }

        if (RemoveHand(userId))
        {
            await CommitAsync(new HandLowered(userId, actorId == userId ? HandLoweredReason.Lowered : HandLoweredReason.Dismissed));
        }
    }

    public async Task<SpeakerAction> AddSpeakerAsync(string actorId, string userId)
    {
        EnsureLive();
        EnsureModerator(actorId);
        if (StageRole(userId) is not null)
        {
            throw SpacesException.Conflict(ErrorCodes.AlreadyOnStage, $"{userId} is already on stage.");
        }

        EnsureListening(userId);
        if (HasRaisedHand(userId))
        {
            // A full stage refuses before anything changes: the hand stays up.
            EnsureStageSeat();
            RemoveHand(userId);
            MoveOnStage(userId, Role.Speaker);
            await CommitAsync(
                new HandLowered(userId, HandLoweredReason.Accepted),
                new StageChanged(userId, StageChange.JoinedStage, Stage()));
            return SpeakerAction.HandAccepted;
        }

        if (!Space.Invited.Contains(userId))
        {
            EnsureStageSeat();
            Space.Invited.Add(userId);
            await CommitAsync(new SpeakerInvited(userId, actorId));
            GrainFactory.GetGrain<IUserGrain>(userId).NotifyAsync(Notice(NotificationKind.SpeakerInvitation, actorId)).Ignore();
        }

        return SpeakerAction.Invited;
    }

    public async Task MoveToAudienceAsync(string actorId, string userId)
    {
        EnsureLive();
        if (actorId != userId)
        {
            EnsureModerator(actorId);
        }

        EnsureNotHost(userId);
        if (StageRole(userId) is null)
        {
            if (Space.Invited.Remove(userId))
            {
                // Withdrawing an invitation that was not accepted yet.
                await CommitAsync(new StageChanged(userId, StageChange.InvitationWithdrawn, Stage()));
                return;
            }

            throw SpacesException.Conflict(ErrorCodes.NotOnStage, $"{userId} is not on stage.");
        }

        Space.Cohosts.Remove(userId);
        Space.Speakers.Remove(userId);
        Space.Muted.Remove(userId);
        if (_presentOnStage.Remove(userId))
        {
            _audience.Add(userId);
            _audienceChanged = true;
        }

        _media.SetRole(SpaceId, userId, Role.Listener);
        await CommitAsync(new StageChanged(userId, StageChange.MovedToAudience, Stage()));
    }

    public async Task AcceptInvitationAsync(string userId)
    {
        EnsureLive();
        if (!Space.Invited.Contains(userId))
        {
            throw SpacesException.Conflict(ErrorCodes.NoPendingInvitation, "You have no pending invitation to speak.");
        }

        EnsureListening(userId);
        EnsureStageSeat();
        var hadHand = RemoveHand(userId);
        MoveOnStage(userId, Role.Speaker);
        var joined = new StageChanged(userId, StageChange.JoinedStage, Stage());
        await CommitAsync(hadHand ? [new HandLowered(userId, HandLoweredReason.Accepted), joined] : [joined]);
    }

    public async Task DeclineInvitationAsync(string userId)
    {
        EnsureLive();
        if (!Space.Invited.Remove(userId))
        {
            throw SpacesException.Conflict(ErrorCodes.NoPendingInvitation, "You have no pending invitation to speak.");
        }

        await CommitAsync(new StageChanged(userId, StageChange.InvitationDeclined, Stage()));
    }

    public async Task AddCohostAsync(string actorId, string userId)
    {
        EnsureLive();
        EnsureModerator(actorId);
        EnsureNotHost(userId);
        if (Space.Cohosts.Contains(userId))
        {
            return;
        }

        if (Space.Cohosts.Count >= _options.MaxCohosts)
        {
            throw SpacesException.Conflict(ErrorCodes.CohostLimit, $"A Space has at most {_options.MaxCohosts} co-hosts.");
        }

        var hadHand = false;
        if (!Space.Speakers.Remove(userId))
        {
            EnsureListening(userId);
            EnsureStageSeat();
            hadHand = RemoveHand(userId);
            MoveOnStage(userId, Role.Cohost);
        }
        else
        {
            Space.Cohosts.Add(userId);
            _media.SetRole(SpaceId, userId, Role.Cohost);
        }

        var added = new StageChanged(userId, StageChange.CohostAdded, Stage());
        await CommitAsync(hadHand ? [new HandLowered(userId, HandLoweredReason.Accepted), added] : [added]);
    }

    public async Task RemoveCohostAsync(string actorId, string userId)
    {
        EnsureLive();
        if (actorId != userId)
        {
            // Co-hosts are the host's appointees: only the host removes one (a co-host may step down).
            EnsureHost(actorId);
        }

        if (!Space.Cohosts.Remove(userId))
        {
            return;
        }

        // A co-host who steps down keeps a speaker's seat; moving them to the audience is a separate act.
        Space.Speakers.Add(userId);
        _media.SetRole(SpaceId, userId, Role.Speaker);
        await CommitAsync(new StageChanged(userId, StageChange.CohostRemoved, Stage()));
    }

    public async Task MuteAsync(string actorId, string userId)
    {
        EnsureLive();
        if (actorId != userId)
        {
            EnsureModerator(actorId);
            EnsureNotHost(userId);
        }

        EnsureOnStage(userId);
        if (Space.Muted.Add(userId))
        {
            _media.Mute(SpaceId, userId, _audioTracks.GetValueOrDefault(userId));
            await CommitAsync(new StageChanged(userId, StageChange.Muted, Stage()));
        }
    }

    public async Task UnmuteAsync(string actorId, string userId)
    {
        EnsureLive();
        if (actorId != userId)
        {
            throw SpacesException.Forbidden(ErrorCodes.OnlySelfUnmute, "Only a speaker can unmute themselves.");
        }

        EnsureOnStage(userId);
        if (Space.Muted.Remove(userId))
        {
            await CommitAsync(new StageChanged(userId, StageChange.Unmuted, Stage()));
        }
    }

    public async Task RemoveParticipantAsync(string actorId, string userId)
    {
        EnsureLive();
        EnsureModerator(actorId);
        EnsureNotHost(userId);
        if (actorId == userId)
        {
            throw SpacesException.Invalid("user_id", ErrorCodes.InvalidField, "You cannot remove yourself; leave the Space instead.");
        }

        if (!Space.Removed.Add(userId))
        {
            return;
        }

        var wasOnStage = Space.Cohosts.Remove(userId) | Space.Speakers.Remove(userId) | Space.Invited.Remove(userId);
        Space.Muted.Remove(userId);
        var hadHand = RemoveHand(userId);
        if (_audience.Remove(userId) | _presentOnStage.Remove(userId))
        {
            _audienceChanged = true;
        }

        _media.RemoveParticipant(SpaceId, userId);
        var events = new List<SpaceEvent>();
        if (hadHand)
        {
            events.Add(new HandLowered(userId, HandLoweredReason.Dismissed));
        }

        events.Add(new ParticipantRemoved(userId, actorId));
        if (wasOnStage)
        {
            events.Add(new StageChanged(userId, StageChange.Removed, Stage()));
        }

        await CommitAsync([.. events]);
    }

    public async Task ReactAsync(string userId, string emoji)
    {
        EnsureLive();
        if (!_options.AllowedReactions.Contains(emoji))
        {
            throw SpacesException.Invalid("emoji", ErrorCodes.InvalidEmoji, $"emoji must be one of {string.Join(" ", _options.AllowedReactions)}.");
        }

        if (!_audience.Contains(userId) && !_presentOnStage.Contains(userId))
        {
            throw NotInSpace(userId);
        }

        if (Space.ReactionsBlocked.Contains(userId))
        {
            throw SpacesException.Forbidden(ErrorCodes.ReactionsBlocked, "A host blocked your reactions in this Space.");
        }

        if (_reactionLimiter.TryTake(userId) is { } retryAfter)
        {
            throw new SpacesException(ErrorKind.RateLimited, ErrorCodes.ReactionRateLimited, "Too many reactions; slow down.", retryAfter: retryAfter);
        }

        await PublishAsync(new ReactionSent(userId, emoji));
    }

    public async Task SetReactionsBlockedAsync(string actorId, string userId, bool blocked)
    {
        EnsureLive();
        EnsureModerator(actorId);
        EnsureNotHost(userId);
        var changed = blocked ? Space.ReactionsBlocked.Add(userId) : Space.ReactionsBlocked.Remove(userId);
        if (changed)
        {
            await CommitAsync();
        }
    }

    public Task EnsureMayWatchAsync(string userId)
    {
        EnsureMayWatch(userId);
        return Task.CompletedTask;
    }

    public Task<ParticipantsView> GetParticipantsAsync(long? cursor, int? limit)
    {
        EnsureExists();
        var pageSize = limit ?? _options.DefaultListenersPageSize;
        if (pageSize < 1 || pageSize > _options.MaxListenersPageSize)
        {
            throw SpacesException.Invalid("limit", ErrorCodes.InvalidField, $"limit must be between 1 and {_options.MaxListenersPageSize}.");
        }

        if (cursor < 0)
        {
            throw SpacesException.Invalid("cursor", ErrorCodes.InvalidField, "cursor must be a value returned as next_cursor.");
        }

        var stage = new List<StageMember>(StageCount) { Member(Space.CreatorId, Role.Host) };
        stage.AddRange(Space.Cohosts.Select(u => Member(u, Role.Cohost)));
        stage.AddRange(Space.Speakers.Select(u => Member(u, Role.Speaker)));
        var (page, next) = _audience.GetPage(cursor ?? 0, pageSize);
        return Task.FromResult(new ParticipantsView(SpaceId, stage, [.. Space.Hands], [.. Space.Invited], _audience.Count, page, next));

        StageMember Member(string userId, Role role) => new(userId, role, Space.Muted.Contains(userId), _presentOnStage.Contains(userId));
    }

    public async Task ApplyMediaEventAsync(MediaEvent mediaEvent)
    {
        if (!Space.Exists || Space.State != SpaceState.Live || !_mediaEventIds.Add(mediaEvent.Id))
        {
            return;
        }

        switch (mediaEvent)
        {
            case { Kind: MediaEventKind.RoomFinished }:
                // The Space is the truth: a live Space whose room was closed under it gets the room back.
                _media.OpenRoom(SpaceId, Space.Title);
                break;
            case { Kind: MediaEventKind.ParticipantJoined, UserId: { } userId } when Space.Removed.Contains(userId) || !MayEnter(userId):
                _media.RemoveParticipant(SpaceId, userId);
                break;
            case { Kind: MediaEventKind.ParticipantJoined, UserId: { } userId }:
                var role = Enter(userId);
                // A token may predate a role change (or the change found them offline), but only someone who holds or
                // held a seat can have grants that differ from their role: plain listeners cost LiveKit no call.
                if (role != Role.Listener || Space.PastSpeakers.Contains(userId))
                {
                    _media.SetRole(SpaceId, userId, role);
                }

                break;
            case { Kind: MediaEventKind.ParticipantLeft, UserId: { } userId }:
                _audioTracks.Remove(userId);
                await ExitAsync(userId);
                break;
            case { Kind: MediaEventKind.TrackPublished, UserId: { } userId, TrackSid: { } trackSid }:
                _audioTracks[userId] = trackSid;
                if (Space.Muted.Contains(userId))
                {
                    // A speaker muted by a host stays muted when they publish again.
                    _media.Mute(SpaceId, userId, trackSid);
                }

                break;
            case { Kind: MediaEventKind.TrackUnpublished, UserId: { } userId }:
                _audioTracks.Remove(userId);
                break;
        }
    }

    public Task<long> SubscribeAsync(ISpaceEventObserver observer)
    {
        EnsureExists();
        _gateways.Subscribe(observer, observer);
        return Task.FromResult(_seq);
    }

    public Task UnsubscribeAsync(ISpaceEventObserver observer)
    {
        _gateways.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task<EventReplay> GetEventsSinceAsync(long afterSeq)
    {
        EnsureExists();
        var events = _eventLog.After(afterSeq, _seq);
        return Task.FromResult(events is null
            ? new EventReplay([], new Resync(View()) { SpaceId = SpaceId, Seq = _seq, At = _time.GetUtcNow() })
            : new EventReplay(events, null));
    }
}
