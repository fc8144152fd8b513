using Microsoft.Extensions.Logging;
using Spaces.Contracts;

namespace Spaces.Grains.Rooms;

/// <summary>The checks, state moves and event plumbing behind <see cref="SpaceGrain"/>'s public operations.</summary>
internal sealed partial class SpaceGrain
{
    private void EnsureExists()
    {
        if (!Space.Exists)
        {
            // Nothing to keep in memory for an id that names no Space: a scan of random ids must not fill the silo.
            DeactivateOnIdle();
            throw SpacesException.NotFound(ErrorCodes.SpaceNotFound, $"No Space has the id {SpaceId}.");
        }
    }

    private void EnsureLive()
    {
        EnsureExists();
        switch (Space.State)
        {
            case SpaceState.Scheduled:
                throw SpacesException.Conflict(ErrorCodes.SpaceNotLive, "The Space has not started yet.");
            case SpaceState.Ended or SpaceState.Canceled:
                throw SpacesException.Conflict(ErrorCodes.SpaceEnded, $"The Space is {Space.State.ToString().ToLowerInvariant()}.");
        }
    }

    private static void EnsureValidUserId(string userId)
    {
        if (!Ids.IsUserId(userId))
        {
            throw SpacesException.Invalid("user_id", ErrorCodes.InvalidId, "user_id is not a user id (1-64 letters, digits, '_', '-', '.').");
        }
    }

    /// <summary>Who may follow the Space's events and read its participants: not a removed user, and on a ticketed Space only who may enter.</summary>
    private void EnsureMayWatch(string userId)
    {
        EnsureExists();
        if (Space.Removed.Contains(userId))
        {
            throw SpacesException.Forbidden(ErrorCodes.RemovedFromSpace, "You were removed from this Space.");
        }

        if (userId != Space.CreatorId && !MayEnter(userId))
        {
            throw SpacesException.Forbidden(ErrorCodes.TicketRequired, "This Space is ticketed: buy a ticket to follow it.");
        }
    }

    private void EnsureHost(string actorId)
    {
        if (actorId != Space.CreatorId)
        {
            throw SpacesException.Forbidden(ErrorCodes.HostOnly, "Only the host may do this.");
        }
    }

    private void EnsureModerator(string actorId)
    {
        if (actorId != Space.CreatorId && !Space.Cohosts.Contains(actorId))
        {
            throw SpacesException.Forbidden(ErrorCodes.ModeratorOnly, "Only the host or a co-host may do this.");
        }
    }

    private void EnsureNotHost(string userId)
    {
        if (userId == Space.CreatorId)
        {
            throw SpacesException.Forbidden(ErrorCodes.CannotActOnHost, "Nobody may do this to the host.");
        }
    }

    private void EnsureListening(string userId)
    {
        if (!_audience.Contains(userId))
        {
            throw NotInSpace(userId);
        }
    }

    private void EnsureOnStage(string userId)
    {
        if (StageRole(userId) is null)
        {
            throw SpacesException.Conflict(ErrorCodes.NotOnStage, $"{userId} is not on stage.");
        }
    }

    private void EnsureStageSeat()
    {
        if (StageCount >= _options.MaxStageSize)
        {
            throw SpacesException.Conflict(ErrorCodes.StageFull, $"The stage is full: at most {_options.MaxStageSize} may be on it.");
        }
    }

    private static SpacesException NotInSpace(string userId) =>
        SpacesException.Conflict(ErrorCodes.NotInSpace, $"{userId} has not joined this Space.");

    private SpacesException WrongState(string action) => Space.State is SpaceState.Ended or SpaceState.Canceled
        ? SpacesException.Conflict(ErrorCodes.SpaceEnded, $"Cannot {action}: the Space is {Space.State.ToString().ToLowerInvariant()}.")
        : SpacesException.Conflict(ErrorCodes.WrongState, $"Cannot {action} a {Space.State.ToString().ToLowerInvariant()} Space.");

    private Role? StageRole(string userId) =>
        userId == Space.CreatorId ? Role.Host
        : Space.Cohosts.Contains(userId) ? Role.Cohost
        : Space.Speakers.Contains(userId) ? Role.Speaker
        : null;

    private bool HasRaisedHand(string userId) => Space.Hands.Exists(h => h.UserId == userId);

    private bool RemoveHand(string userId) => Space.Hands.RemoveAll(h => h.UserId == userId) > 0;

    /// <summary>A present listener takes a seat; their invitation, if any, is used up.</summary>
    private void MoveOnStage(string userId, Role role)
    {
        _audienceChanged |= _audience.Remove(userId);
        _presentOnStage.Add(userId);
        Space.Invited.Remove(userId);
        (role == Role.Cohost ? Space.Cohosts : Space.Speakers).Add(userId);
        Space.PastSpeakers.Add(userId);
        _media.SetRole(SpaceId, userId, role);
    }

    /// <summary>Marks the user present: in their seat if they hold one, else in the audience.</summary>
    private Role Enter(string userId)
    {
        if (StageRole(userId) is { } role)
        {
            _audienceChanged |= _presentOnStage.Add(userId);
            if (role == Role.Host)
            {
                _hostAwaySince = null;
            }

            return role;
        }

        if (_audience.Add(userId))
        {
            CountNewListener(userId);
        }

        return Role.Listener;
    }

    /// <summary>The user is gone: a listener's hand and invitation go; a speaker gives up the seat; hosts keep theirs.</summary>
    private async Task ExitAsync(string userId)
    {
        if (_audience.Remove(userId))
        {
            _audienceChanged = true;
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

        _audienceChanged |= _presentOnStage.Remove(userId);
        if (userId == Space.CreatorId)
        {
            _hostAwaySince ??= _time.GetUtcNow();
        }

        if (Space.Speakers.Remove(userId))
        {
            Space.Muted.Remove(userId);
            _media.SetRole(SpaceId, userId, Role.Listener);
            await CommitAsync(new StageChanged(userId, StageChange.LeftStage, Stage()));
        }
    }

    private void CountNewListener(string userId)
    {
        _audienceChanged = true;
        if (_everListened.Add(userId))
        {
            Space.TotalListeners++;
            _countersChanged = true;
        }

        if (_audience.Count > Space.PeakListeners)
        {
            Space.PeakListeners = _audience.Count;
            _countersChanged = true;
        }
    }

    private void ReleaseAudience()
    {
        _audience.Clear();
        _presentOnStage.Clear();
    }

    private void StartLiveTimer() =>
        // Keeps a live Space active (its audience is soft state) and paces audience.count (architecture rule 4).
        _liveTimer ??= this.RegisterGrainTimer(
            OnLiveTickAsync,
            new GrainTimerCreationOptions(_options.AudienceCountInterval, _options.AudienceCountInterval) { KeepAlive = true });

    private void StopLiveTimer()
    {
        _liveTimer?.Dispose();
        _liveTimer = null;
    }

    private async Task OnLiveTickAsync(CancellationToken cancellationToken)
    {
        _reactionLimiter.PruneIdle();
        if (_audienceChanged)
        {
            _audienceChanged = false;
            _listingStale = true;
            await PublishAsync(new AudienceCount(ParticipantCount, _audience.Count));
        }

        RefreshListing();
        await EnforcePresenceRulesAsync();
        if (Space.State != SpaceState.Live)
        {
            return;
        }

        if (_countersChanged)
        {
            _countersChanged = false;
            await WriteAsync();
        }
    }

    /// <summary>Persists the record, then publishes the events: state first, side effects after (architecture rule 5).</summary>
    private async Task CommitAsync(params SpaceEvent[] events)
    {
        Space.UpdatedAt = _time.GetUtcNow();
        ReserveSeqs(events.Length);
        await WriteAsync();
        _countersChanged = false;
        foreach (var spaceEvent in events)
        {
            await DeliverAsync(spaceEvent);
        }
    }

    /// <summary>Publishes an event that changes no persisted state (reactions, counts).</summary>
    private async Task PublishAsync(SpaceEvent spaceEvent)
    {
        if (ReserveSeqs(1))
        {
            await WriteAsync();
        }

        await DeliverAsync(spaceEvent);
    }

    private bool ReserveSeqs(int count)
    {
        if (_seq + count <= Space.SeqReservedUpTo)
        {
            return false;
        }

        Space.SeqReservedUpTo = _seq + count + SeqBlock;
        return true;
    }

    private async Task WriteAsync()
    {
        try
        {
            await _record.WriteStateAsync();
        }
        catch
        {
            // Storage refused the write: forget the unsaved change so memory matches what is stored.
            await _record.ReadStateAsync();
            throw;
        }
    }

    /// <summary>One message per gateway that has subscribers (architecture rule 2), plus the registered sinks.</summary>
    private async Task DeliverAsync(SpaceEvent spaceEvent)
    {
        var sequenced = spaceEvent with { SpaceId = SpaceId, Seq = ++_seq, At = _time.GetUtcNow() };
        _eventLog.Append(sequenced);
        await _gateways.Notify(gateway => gateway.OnSpaceEventAsync(sequenced));
        _metrics.Published(sequenced, _gateways.Count);
        foreach (var sink in _sinks)
        {
            await sink.OnSpaceEventAsync(sequenced);
        }
    }

    private StageSnapshot Stage() =>
        new([Space.CreatorId], [.. Space.Cohosts], [.. Space.Speakers], [.. Space.Muted], [.. Space.Invited]);

    private SpaceView View() => new()
    {
        Id = SpaceId,
        State = Space.State,
        Title = Space.Title,
        CreatorId = Space.CreatorId,
        HostIds = [Space.CreatorId],
        CohostIds = [.. Space.Cohosts],
        SpeakerIds = [.. Space.Speakers],
        InvitedUserIds = [.. Space.Invited],
        ParticipantCount = ParticipantCount,
        SubscriberCount = Space.SubscriberCount,
        IsTicketed = Space.Ticket is not null,
        Ticket = TicketSummary(),
        ScheduledStart = Space.ScheduledStart,
        StartedAt = Space.StartedAt,
        EndedAt = Space.EndedAt,
        CreatedAt = Space.CreatedAt,
        UpdatedAt = Space.UpdatedAt,
        Lang = Space.Lang,
        TopicIds = [.. Space.TopicIds],
        PeakListeners = Space.PeakListeners,
        TotalListeners = Space.TotalListeners,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Space {SpaceId} created by {CreatorId}, state {State}")]
    private static partial void LogCreated(ILogger logger, string spaceId, string creatorId, SpaceState state);

    private void LogCreated(string creatorId, SpaceState state) => LogCreated(_logger, SpaceId, creatorId, state);
}
