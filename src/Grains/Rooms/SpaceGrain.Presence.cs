using Spaces.Contracts;

namespace Spaces.Grains.Rooms;

/// <summary>
/// Who comes and goes (product.md "Roles and rules", "Media"): joins over HTTP and over LiveKit decided by one
/// admission rule, leaves, what LiveKit reports, the live timer that paces audience.count, and the presence rules
/// that end a Space whose host stayed away or that nobody is in. Event subscriptions for gateways.
/// </summary>
internal sealed partial class SpaceGrain
{
    // Soft state: each present publisher's microphone track, as LiveKit reported it.
    private readonly Dictionary<string, string> _audioTracks = new(StringComparer.Ordinal);
    private IGrainTimer? _liveTimer;

    /// <summary>Listener counters (total, peak) changed and are not stored yet: the live timer writes them.</summary>
    private bool CountersChanged { get; set; }

    // When the live timer last stored the counters: a write holds the grain's turn, so during a join wave the
    // counters are stored at most once per DiscoveryRefreshInterval rather than every tick (joins wait on writes).
    private DateTimeOffset _countersStoredAt;

    public async Task<JoinResult> JoinAsync(string userId)
    {
        // Every check that can fail runs before Enter changes state (a bad id would fail only when access is issued).
        EnsureValidUserId(userId);
        EnsureLive();
        if (RefusalOf(userId) is { } refusal)
        {
            throw refusal;
        }

        var role = Enter(userId);
        CountJoin(role);
        return new JoinResult(role, role == Role.Listener ? await ListenerMediaAsync(userId) : MediaAccessFor(userId, role));
    }

    public async Task LeaveAsync(string userId)
    {
        EnsureExists();
        if (Space.State == SpaceState.Live)
        {
            await ExitAsync(userId);
        }
    }

    public async Task ApplyMediaEventAsync(MediaEvent mediaEvent)
    {
        if (mediaEvent is { Kind: MediaEventKind.EgressChanged, Egress: { } egress })
        {
            // Also after the end: a start that was still in flight comes back here to be stopped.
            if (Space.Exists && MediaEventIds.Add(mediaEvent.Id))
            {
                await ApplyEgressReportsAsync(egress);
            }

            return;
        }

        if (!Space.Exists || Space.State != SpaceState.Live || !MediaEventIds.Add(mediaEvent.Id))
        {
            return;
        }

        switch (mediaEvent)
        {
            case { Kind: MediaEventKind.RoomFinished }:
                // The Space is the truth: a live Space whose room was closed under it gets the room back.
                OpenMediaRoom();
                break;
            case { Kind: MediaEventKind.ParticipantJoined, UserId: { } userId } when RefusalOf(userId) is not null:
                RemoveFromMedia(userId);
                break;
            case { Kind: MediaEventKind.ParticipantJoined, UserId: { } userId }:
                var role = Enter(userId);
                Presence.ConnectedOverWebRtc(userId);
                // A token may predate a role change (or the change found them offline), but only someone who holds or
                // held a seat can have grants that differ from their role: plain listeners cost LiveKit no call.
                if (role != Role.Listener || Space.PastSpeakers.Contains(userId))
                {
                    SetMediaRole(userId, role);
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
                    MuteInMedia(userId, trackSid);
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
        return Task.FromResult(Events.Subscribe(observer));
    }

    public Task UnsubscribeAsync(ISpaceEventObserver observer)
    {
        Events.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task<EventReplay> GetEventsSinceAsync(long afterSeq)
    {
        EnsureExists();
        return Task.FromResult(Events.Since(afterSeq, View));
    }

    /// <summary>Who may follow the Space's events and read its participants: whoever the admission rule lets in, and the host.</summary>
    public Task EnsureMayWatchAsync(string userId)
    {
        EnsureExists();
        if (userId != Space.CreatorId && RefusalOf(userId) is { } refusal)
        {
            throw refusal;
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The one admission rule, for a join over HTTP and one LiveKit reports alike: null when the user may be in
    /// this Space, else why not (removed by a host; a ticketed Space without a ticket or a seat).
    /// </summary>
    private SpacesException? RefusalOf(string userId) =>
        Space.Removed.Contains(userId) ? SpacesException.Forbidden(ErrorCodes.RemovedFromSpace, "You were removed from this Space and cannot rejoin it.")
        : !MayEnterTicketed(userId) ? SpacesException.Forbidden(ErrorCodes.TicketRequired, "This Space is ticketed: buy a ticket to join.")
        : null;

    private string? AudioTrackOf(string userId) => _audioTracks.GetValueOrDefault(userId);

    /// <summary>Marks the user present: in their seat if they hold one, else in the audience.</summary>
    private Role Enter(string userId)
    {
        if (StageRole(userId) is { } role)
        {
            Presence.EnterSeat(userId, role == Role.Host);
            return role;
        }

        var arrival = Presence.EnterAudience(userId);
        if (arrival.Added)
        {
            NoteJoin(userId);
        }

        if (arrival.FirstVisit)
        {
            Space.TotalListeners++;
            CountersChanged = true;
        }

        if (arrival.Added && Presence.ListenerCount > Space.PeakListeners)
        {
            Space.PeakListeners = Presence.ListenerCount;
            CountersChanged = true;
        }

        return Role.Listener;
    }

    /// <summary>The user is gone: a listener's hand and invitation go; a speaker gives up the seat; hosts keep theirs.</summary>
    private async Task ExitAsync(string userId)
    {
        if (Presence.LeaveAudience(userId))
        {
            NoteLeave(userId);
            var events = new List<SpaceEvent>();
            if (RemoveHand(userId))
            {
                events.Add(new HandLowered(userId, HandLoweredReason.Left));
            }

            if (Space.Invited.Remove(userId))
            {
                events.Add(new StageChanged(userId, StageChange.InvitationDeclined, Stage()));
            }

            if (events.Count > 0)
            {
                await CommitAsync([.. events]);
            }

            return;
        }

        Presence.LeaveRoom(userId, userId == Space.CreatorId, Time.GetUtcNow());
        if (Space.Speakers.Remove(userId))
        {
            Space.Muted.Remove(userId);
            SetMediaRole(userId, Role.Listener);
            await CommitAsync(new StageChanged(userId, StageChange.LeftStage, Stage()));
        }
    }

    private void StartLiveTimer() =>
        // Keeps a live Space active (its audience is soft state) and paces audience.count (architecture rule 4).
        _liveTimer ??= this.RegisterGrainTimer(
            _ => RunTurnAsync(OnLiveTickAsync),
            new GrainTimerCreationOptions(Options.AudienceCountInterval, Options.AudienceCountInterval) { KeepAlive = true });

    private void StopLiveTimer()
    {
        _liveTimer?.Dispose();
        _liveTimer = null;
    }

    private async Task OnLiveTickAsync()
    {
        ReactionLimiter.PruneIdle();
        var audienceChanged = Presence.TakeChanged();
        if (audienceChanged)
        {
            await PublishAsync(new AudienceCount(Presence.Count, Presence.ListenerCount));
        }

        RefreshListing(audienceChanged);
        await TendAudienceTiersAsync();
        await EnforcePresenceRulesAsync();
        if (Space.State == SpaceState.Live && CountersChanged && Time.GetUtcNow() - _countersStoredAt >= Options.DiscoveryRefreshInterval)
        {
            // Counters are bookkeeping, not a change anyone made: no updated_at. Ending the Space stores them too.
            await base.CommitAsync();
            CountersChanged = false;
            _countersStoredAt = Time.GetUtcNow();
        }
    }

    /// <summary>Ends a live Space whose host stayed away, or that nobody is in, for longer than allowed.</summary>
    private async Task EnforcePresenceRulesAsync()
    {
        if (Presence.Due(Time.GetUtcNow(), Options.HostAbsenceTimeout, Options.EmptySpaceTimeout) is { } reason)
        {
            await EndNowAsync(reason);
        }
    }
}
