namespace Spaces.Contracts;

/// <summary>
/// One Space: its lifecycle, its stage (host, co-hosts, speakers, invitations, hands, mutes, removals) and
/// its audience as soft state. Every rule of the room is decided here; <paramref name="actorId"/> arguments
/// are the authenticated caller.
/// </summary>
public interface ISpaceGrain : IGrainWithStringKey
{
    /// <summary>Called once by the creator's <see cref="IUserGrain"/> after the hosting rules passed.</summary>
    Task<SpaceView> CreateAsync(string creatorId, NewSpaceRequest request);

    Task<SpaceView> GetAsync();

    Task<SpaceView> UpdateAsync(string actorId, SpaceUpdate update);

    Task<SpaceView> StartAsync(string actorId);

    Task<SpaceView> EndAsync(string actorId);

    Task<SpaceView> CancelAsync(string actorId);

    /// <summary>"Set reminder" on a scheduled Space (or take it back): the user hears when it starts.</summary>
    Task<SpaceView> SetReminderAsync(string userId, bool subscribed);

    Task<JoinResult> JoinAsync(string userId);

    Task LeaveAsync(string userId);

    Task RaiseHandAsync(string userId);

    /// <summary>Lowers a hand: one's own, or (host/co-host) dismisses someone else's.</summary>
    Task LowerHandAsync(string actorId, string userId);

    /// <summary>Accepts the user's raised hand (they go on stage) or, with no hand raised, invites them to speak.</summary>
    Task<SpeakerAction> AddSpeakerAsync(string actorId, string userId);

    /// <summary>Moves a speaker or co-host back to the audience; a speaker may also step down themselves.</summary>
    Task MoveToAudienceAsync(string actorId, string userId);

    Task AcceptInvitationAsync(string userId);

    Task DeclineInvitationAsync(string userId);

    Task AddCohostAsync(string actorId, string userId);

    Task RemoveCohostAsync(string actorId, string userId);

    Task MuteAsync(string actorId, string userId);

    Task UnmuteAsync(string actorId, string userId);

    Task RemoveParticipantAsync(string actorId, string userId);

    Task ReactAsync(string userId, string emoji);

    Task SetReactionsBlockedAsync(string actorId, string userId, bool blocked);

    Task<ParticipantsView> GetParticipantsAsync(long? cursor, int? limit);

    /// <summary>Throws unless <paramref name="userId"/> may follow this Space's events and read its participants (not removed; ticketed: may enter).</summary>
    Task EnsureMayWatchAsync(string userId);

    /// <summary>Applies what the media server saw (presence, tracks, room closed); a redelivered event is applied once.</summary>
    Task ApplyMediaEventAsync(MediaEvent mediaEvent);

    /// <summary>Registers one gateway's observer; renew before <see cref="SpacesOptions.EventObserverExpiry"/>. Returns the current seq.</summary>
    Task<long> SubscribeAsync(ISpaceEventObserver observer);

    Task UnsubscribeAsync(ISpaceEventObserver observer);

    /// <summary>The buffered events after <paramref name="afterSeq"/>, or the current Space when they are no longer buffered.</summary>
    Task<EventReplay> GetEventsSinceAsync(long afterSeq);
}

/// <summary>Reads across many Spaces (the X Spaces API lookups) without one grain on every path.</summary>
public interface ISpaceLookupGrain : IGrainWithIntegerKey
{
    /// <summary>The Spaces with these ids, in the order asked; unknown ids are left out.</summary>
    Task<IReadOnlyList<SpaceView>> GetManyAsync(IReadOnlyList<string> spaceIds);

    /// <summary>The Spaces a user created, newest first.</summary>
    Task<IReadOnlyList<SpaceView>> GetByCreatorAsync(string userId);
}

[GenerateSerializer]
public enum SpaceState
{
    Scheduled,
    Live,
    Ended,
    Canceled,
}

[GenerateSerializer]
public enum Role
{
    Host,
    Cohost,
    Speaker,
    Listener,
}

[GenerateSerializer]
public enum SpeakerAction
{
    /// <summary>A raised hand was accepted: the user is on stage now.</summary>
    HandAccepted,

    /// <summary>No hand was raised: the user was invited and may accept or decline.</summary>
    Invited,
}

[GenerateSerializer, Immutable]
public sealed record NewSpaceRequest(
    [property: Id(0)] string? Title,
    [property: Id(1)] DateTimeOffset? ScheduledStart,
    [property: Id(2)] IReadOnlyList<string>? TopicIds,
    [property: Id(3)] string? Lang,
    [property: Id(4)] TicketRequest? Ticket = null);

[GenerateSerializer, Immutable]
public sealed record SpaceUpdate(
    [property: Id(0)] string? Title,
    [property: Id(1)] DateTimeOffset? ScheduledStart);

[GenerateSerializer, Immutable]
public sealed record TicketView(
    [property: Id(0)] long Price,
    [property: Id(1)] string Currency,
    [property: Id(2)] int Capacity,
    [property: Id(3)] int Sold);

/// <summary>A Space as clients see it; names follow the X Spaces API where one exists.</summary>
[GenerateSerializer, Immutable]
public sealed record SpaceView
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required SpaceState State { get; init; }
    [Id(2)] public required string Title { get; init; }
    [Id(3)] public required string CreatorId { get; init; }
    [Id(4)] public required IReadOnlyList<string> HostIds { get; init; }
    [Id(5)] public required IReadOnlyList<string> CohostIds { get; init; }
    [Id(6)] public required IReadOnlyList<string> SpeakerIds { get; init; }
    [Id(7)] public required IReadOnlyList<string> InvitedUserIds { get; init; }
    [Id(8)] public required int ParticipantCount { get; init; }
    [Id(9)] public required int SubscriberCount { get; init; }
    [Id(10)] public required bool IsTicketed { get; init; }
    [Id(11)] public TicketView? Ticket { get; init; }
    [Id(12)] public DateTimeOffset? ScheduledStart { get; init; }
    [Id(13)] public DateTimeOffset? StartedAt { get; init; }
    [Id(14)] public DateTimeOffset? EndedAt { get; init; }
    [Id(15)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(16)] public required DateTimeOffset UpdatedAt { get; init; }
    [Id(17)] public string? Lang { get; init; }
    [Id(18)] public required IReadOnlyList<string> TopicIds { get; init; }
    [Id(19)] public required int PeakListeners { get; init; }
    [Id(20)] public required int TotalListeners { get; init; }
}

[GenerateSerializer, Immutable]
public sealed record MediaAccess(
    [property: Id(0)] string Url,
    [property: Id(1)] string Token);

/// <summary>The answer to join: the caller's role and how to reach the audio with grants for that role.</summary>
[GenerateSerializer, Immutable]
public sealed record JoinResult(
    [property: Id(0)] Role Role,
    [property: Id(1)] MediaAccess Media);

[GenerateSerializer, Immutable]
public sealed record StageMember(
    [property: Id(0)] string UserId,
    [property: Id(1)] Role Role,
    [property: Id(2)] bool Muted,
    [property: Id(3)] bool Present);

[GenerateSerializer, Immutable]
public sealed record RaisedHand(
    [property: Id(0)] string UserId,
    [property: Id(1)] DateTimeOffset RaisedAt);

/// <summary>The stage in full, hands in order, invitations, and one page of the audience.</summary>
[GenerateSerializer, Immutable]
public sealed record ParticipantsView(
    [property: Id(0)] string SpaceId,
    [property: Id(1)] IReadOnlyList<StageMember> Stage,
    [property: Id(2)] IReadOnlyList<RaisedHand> Hands,
    [property: Id(3)] IReadOnlyList<string> InvitedUserIds,
    [property: Id(4)] int ListenerCount,
    [property: Id(5)] IReadOnlyList<string> Listeners,
    [property: Id(6)] long? NextCursor);
