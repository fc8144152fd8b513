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

    /// <summary>
    /// The host turns recording on (a scheduled Space records from its start) or off (a live recording stops and its
    /// file becomes the replay). A Space makes one recording; a failed one may be turned on again while live.
    /// </summary>
    Task<SpaceView> SetRecordingAsync(string actorId, bool on);

    /// <summary>The host shows the replay to everyone (ticket holders only, when ticketed) or to themselves only.</summary>
    Task<SpaceView> SetReplayPublicAsync(string actorId, bool isPublic);

    /// <summary>The ready recording, for whoever may listen to it: the host; once public, whoever the admission rule lets in.</summary>
    Task<ReplayView> GetReplayAsync(string userId);

    /// <summary>Applies what the media server saw (presence, tracks, room closed); a redelivered event is applied once.</summary>
    Task ApplyMediaEventAsync(MediaEvent mediaEvent);

    /// <summary>Registers one gateway's observer; renew before <see cref="SpacesOptions.EventObserverExpiry"/>. Returns the current seq.</summary>
    Task<long> SubscribeAsync(ISpaceEventObserver observer);

    Task UnsubscribeAsync(ISpaceEventObserver observer);

    /// <summary>The buffered events after <paramref name="afterSeq"/>, or the current Space when they are no longer buffered.</summary>
    Task<EventReplay> GetEventsSinceAsync(long afterSeq);
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
    [property: Id(4)] TicketRequest? Ticket = null,
    [property: Id(10)] bool? Record = null);

[GenerateSerializer, Immutable]
public sealed record SpaceUpdate(
    [property: Id(0)] string? Title,
    [property: Id(1)] DateTimeOffset? ScheduledStart);

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

/// <summary>What a host asks for when creating a ticketed Space; checked field by field (<c>ticket.price</c>, ...).</summary>
[GenerateSerializer, Immutable]
public sealed record TicketRequest(
    [property: Id(0)] long? Price,
    [property: Id(1)] string? Currency,
    [property: Id(2)] int? Capacity,
    [property: Id(3)] DateTimeOffset? SalesEnd);
