using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spaces.Contracts;
using Spaces.Grains.Analytics;
using Spaces.Grains.Turns;

namespace Spaces.Grains.Rooms;

/// <summary>
/// One live audio room. Every rule of product.md's "Roles and rules" and "Lifecycle" is decided here, in the
/// grain's single-threaded turn, so limits such as the stage size hold under any concurrency. What the room owns
/// lives in types of its own — <see cref="Presence"/> (who is in it), <see cref="SpaceEventStream"/> (what it
/// tells gateways and sinks) — and every side effect waits for the state write (<see cref="CommittingGrain"/>).
/// This file holds the state plumbing; the rules are in SpaceGrain.Lifecycle, .Stage, .Presence and .Tickets.
/// </summary>
internal sealed partial class SpaceGrain : CommittingGrain, ISpaceGrain
{
    private readonly IPersistentState<SpaceRecord> _record;
    private readonly IMediaPort _media;
    private readonly SpacesMetrics _metrics;
    private readonly ILogger<SpaceGrain> _logger;

    public SpaceGrain(
        [PersistentState("space", StorageNames.Spaces)] IPersistentState<SpaceRecord> record,
        IOptions<SpacesOptions> options,
        IOptions<TicketOptions> ticketOptions,
        TimeProvider time,
        IMediaPort media,
        SpacesMetrics metrics,
        IEnumerable<ISpaceEventSink> sinks,
        AnalyticsPublishing analytics,
        ILogger<SpaceGrain> logger)
        : base(record, logger)
    {
        _record = record;
        Options = options.Value;
        TicketOptions = ticketOptions.Value;
        Time = time;
        _media = media;
        _metrics = metrics;
        _logger = logger;
        Events = new SpaceEventStream(SpaceId, Options, time, metrics, sinks, logger);
        MediaEventIds = new RecentIds(Options.MediaEventDedupeCapacity);
        EndedEgressIds = new RecentIds(Options.MediaEventDedupeCapacity);
        ReactionLimiter = new ReactionLimiter(Options.ReactionBurst, Options.ReactionsPerSecond, time);
        AnalyticsPublishing = analytics;
        Analytics = new SpaceAnalytics(SpaceId, analytics, time, () => (Presence.Count, Presence.ListenerCount));
    }

    private SpaceRecord Space => _record.State;

    private string SpaceId => this.GetPrimaryKeyString();

    private SpacesOptions Options { get; }

    private TicketOptions TicketOptions { get; }

    private TimeProvider Time { get; }

    /// <summary>Who is in the room: soft state (architecture rule 1).</summary>
    private Presence Presence { get; } = new();

    private SpaceEventStream Events { get; }

    private RecentIds MediaEventIds { get; }

    /// <summary>Egresses that reported their end (soft): a late report of one of them is stale.</summary>
    private RecentIds EndedEgressIds { get; }

    private ReactionLimiter ReactionLimiter { get; }

    private AnalyticsPublishing AnalyticsPublishing { get; }

    private SpaceAnalytics Analytics { get; }

    private int StageCount => 1 + Space.Cohosts.Count + Space.Speakers.Count;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Events.Resume(Space);
        if (Space.Exists && Space.State == SpaceState.Live)
        {
            // Presence is soft state: after a restart the host counts as away until they show up again.
            Presence.Resume(Time.GetUtcNow());
            StartLiveTimer();
        }

        await LoadTicketHoldersAsync();
        await RepublishAnalyticsAsync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushOpenAnalyticsWindowAsync();

    protected override void OnStateReloaded()
    {
        // The stored stage is the truth: whoever a failed turn moved in memory goes back where it says.
        Presence.Reconcile(userId => StageRole(userId) is not null);
        if (Space.State == SpaceState.Live)
        {
            StartLiveTimer();
        }
        else
        {
            StopLiveTimer();
            Presence.Clear();
        }
    }

    /// <summary>Stores the record, then releases the turn's effects and these events, in that order.</summary>
    private async Task CommitAsync(params SpaceEvent[] events)
    {
        Space.UpdatedAt = Time.GetUtcNow();
        Events.Reserve(Space, events.Length);
        RecordAnalytics(events);
        foreach (var spaceEvent in events)
        {
            Effects.Add(() => Events.SendAsync(spaceEvent));
        }

        await base.CommitAsync();
        CountersChanged = false;
    }

    /// <summary>An event that changes no stored state (reactions, counts): it goes out when the turn ends.</summary>
    private async Task PublishAsync(SpaceEvent spaceEvent)
    {
        Effects.Add(() => Events.SendAsync(spaceEvent));
        if (Events.Reserve(Space, 1))
        {
            // Only the seq block changed: no updated_at.
            await base.CommitAsync();
        }
    }

    // LiveKit room operations: side effects like any other, released after the write (architecture rule 5).
    private void OpenMediaRoom() => Effects.Add(() => _media.OpenRoom(SpaceId, Space.Title));

    private void SetMediaRole(string userId, Role role) => Effects.Add(() => _media.SetRole(SpaceId, userId, role));

    private void MuteInMedia(string userId, string? trackSid) => Effects.Add(() => _media.Mute(SpaceId, userId, trackSid));

    private void RemoveFromMedia(string userId) => Effects.Add(() => _media.RemoveParticipant(SpaceId, userId));

    private void CloseMediaRoom() => Effects.Add(() => _media.CloseRoom(SpaceId));

    private MediaAccess MediaAccessFor(string userId, Role role) => _media.IssueAccess(SpaceId, userId, role);

    private void CountJoin(Role role) => _metrics.Joined(role);

    private StageSnapshot Stage() =>
        new([Space.CreatorId], [.. Space.Cohosts], [.. Space.Speakers], [.. Space.Muted], [.. Space.Invited]);

    private Role? StageRole(string userId) =>
        userId == Space.CreatorId ? Role.Host
        : Space.Cohosts.Contains(userId) ? Role.Cohost
        : Space.Speakers.Contains(userId) ? Role.Speaker
        : null;

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
        ParticipantCount = Presence.Count,
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
        Recording = RecordingSummary(),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Space {SpaceId} created by {CreatorId}, state {State}")]
    private static partial void LogCreated(ILogger logger, string spaceId, string creatorId, SpaceState state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Space {SpaceId} is {State} ({Reason})")]
    private static partial void LogEnded(ILogger logger, string spaceId, SpaceState state, EndReason reason);

    private void LogCreated() => LogCreated(_logger, SpaceId, Space.CreatorId, Space.State);

    private void LogEnded(EndReason reason) => LogEnded(_logger, SpaceId, Space.State, reason);
}
