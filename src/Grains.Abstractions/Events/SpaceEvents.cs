using System.Text.Json.Serialization;

namespace Spaces.Contracts;

/// <summary>
/// A change in one Space, as clients receive it over the WebSocket (the discriminator is the wire <c>type</c>).
/// <see cref="Seq"/> increases per Space, so a client detects a gap and re-fetches.
/// </summary>
[GenerateSerializer]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SpaceUpdated), SpaceEventTypes.SpaceUpdated)]
[JsonDerivedType(typeof(SpaceStarted), SpaceEventTypes.SpaceStarted)]
[JsonDerivedType(typeof(SpaceEnded), SpaceEventTypes.SpaceEnded)]
[JsonDerivedType(typeof(SpaceCanceled), SpaceEventTypes.SpaceCanceled)]
[JsonDerivedType(typeof(StageChanged), SpaceEventTypes.StageChanged)]
[JsonDerivedType(typeof(HandRaised), SpaceEventTypes.HandRaised)]
[JsonDerivedType(typeof(HandLowered), SpaceEventTypes.HandLowered)]
[JsonDerivedType(typeof(SpeakerInvited), SpaceEventTypes.SpeakerInvited)]
[JsonDerivedType(typeof(ParticipantRemoved), SpaceEventTypes.ParticipantRemoved)]
[JsonDerivedType(typeof(ReactionSent), SpaceEventTypes.Reaction)]
[JsonDerivedType(typeof(ReactionsCoalesced), SpaceEventTypes.ReactionsCoalesced)]
[JsonDerivedType(typeof(AudienceCount), SpaceEventTypes.AudienceCount)]
[JsonDerivedType(typeof(UpgradeOffered), SpaceEventTypes.UpgradeOffered)]
[JsonDerivedType(typeof(Resync), SpaceEventTypes.Resync)]
[JsonDerivedType(typeof(RecordingChanged), SpaceEventTypes.RecordingChanged)]
public abstract record SpaceEvent
{
    [Id(0)] public string SpaceId { get; init; } = "";
    [Id(1)] public long Seq { get; init; }
    [Id(2)] public DateTimeOffset At { get; init; }
}

public static class SpaceEventTypes
{
    public const string SpaceUpdated = "space.updated";
    public const string SpaceStarted = "space.started";
    public const string SpaceEnded = "space.ended";
    public const string SpaceCanceled = "space.canceled";
    public const string StageChanged = "stage.changed";
    public const string HandRaised = "hand.raised";
    public const string HandLowered = "hand.lowered";
    public const string SpeakerInvited = "speaker.invited";
    public const string ParticipantRemoved = "participant.removed";
    public const string Reaction = "reaction";
    public const string ReactionsCoalesced = "reactions.coalesced";
    public const string AudienceCount = "audience.count";
    public const string UpgradeOffered = "media.upgrade_offered";
    public const string Resync = "resync";
    public const string RecordingChanged = "recording.changed";
}

[GenerateSerializer, Immutable]
public sealed record SpaceUpdated([property: Id(0)] SpaceView Space) : SpaceEvent;

[GenerateSerializer, Immutable]
public sealed record SpaceStarted([property: Id(0)] SpaceView Space) : SpaceEvent;

[GenerateSerializer, Immutable]
public sealed record SpaceEnded([property: Id(0)] SpaceView Space, [property: Id(1)] EndReason Reason) : SpaceEvent;

[GenerateSerializer, Immutable]
public sealed record SpaceCanceled([property: Id(0)] SpaceView Space, [property: Id(1)] EndReason Reason) : SpaceEvent;

/// <summary>Why a Space ended or was canceled.</summary>
[GenerateSerializer]
public enum EndReason
{
    /// <summary>The host ended or canceled it.</summary>
    ByHost,

    /// <summary>The host was away longer than <see cref="SpacesOptions.HostAbsenceTimeout"/>.</summary>
    HostAbsent,

    /// <summary>Nobody was left for <see cref="SpacesOptions.EmptySpaceTimeout"/>.</summary>
    Empty,

    /// <summary>Not started within <see cref="SpacesOptions.ScheduleGrace"/> after its scheduled time.</summary>
    NotStarted,
}

/// <summary>Who is on stage and who is muted, after <see cref="Change"/> happened to <see cref="UserId"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record StageChanged(
    [property: Id(0)] string UserId,
    [property: Id(1)] StageChange Change,
    [property: Id(2)] StageSnapshot Stage) : SpaceEvent;

[GenerateSerializer]
public enum StageChange
{
    JoinedStage,
    LeftStage,
    MovedToAudience,
    CohostAdded,
    CohostRemoved,
    Muted,
    Unmuted,
    InvitationDeclined,
    InvitationWithdrawn,
    Removed,
}

[GenerateSerializer, Immutable]
public sealed record StageSnapshot(
    [property: Id(0)] IReadOnlyList<string> HostIds,
    [property: Id(1)] IReadOnlyList<string> CohostIds,
    [property: Id(2)] IReadOnlyList<string> SpeakerIds,
    [property: Id(3)] IReadOnlyList<string> MutedUserIds,
    [property: Id(4)] IReadOnlyList<string> InvitedUserIds);

[GenerateSerializer, Immutable]
public sealed record HandRaised([property: Id(0)] string UserId) : SpaceEvent;

[GenerateSerializer, Immutable]
public sealed record HandLowered(
    [property: Id(0)] string UserId,
    [property: Id(1)] HandLoweredReason Reason) : SpaceEvent;

[GenerateSerializer]
public enum HandLoweredReason
{
    Lowered,
    Accepted,
    Dismissed,
    Left,
}

[GenerateSerializer, Immutable]
public sealed record SpeakerInvited(
    [property: Id(0)] string UserId,
    [property: Id(1)] string InvitedBy) : SpaceEvent;

[GenerateSerializer, Immutable]
public sealed record ParticipantRemoved(
    [property: Id(0)] string UserId,
    [property: Id(1)] string RemovedBy) : SpaceEvent;

[GenerateSerializer, Immutable]
public sealed record ReactionSent(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Emoji) : SpaceEvent;

/// <summary>Coalesced audience size (at most <see cref="SpacesOptions.AudienceCountInterval"/> apart).</summary>
[GenerateSerializer, Immutable]
public sealed record AudienceCount(
    [property: Id(0)] int ParticipantCount,
    [property: Id(1)] int ListenerCount) : SpaceEvent;

/// <summary>
/// WebRTC seats are free while some listeners play HLS: any of them may take one by joining again (first come,
/// first served; never forced). Sent when the number of free seats changes, at most once per audience.count interval.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record UpgradeOffered([property: Id(0)] int Seats) : SpaceEvent;

/// <summary>Sent instead of a replay when the asked-for events are no longer buffered.</summary>
[GenerateSerializer, Immutable]
public sealed record Resync([property: Id(0)] SpaceView Space) : SpaceEvent;

/// <summary>
/// The reactions a large Space received over one interval (<see cref="SpacesOptions.ReactionCoalesceInterval"/>),
/// sent instead of one <see cref="ReactionSent"/> per reaction once its audience exceeds
/// <see cref="SpacesOptions.CoalesceReactionsAbove"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ReactionsCoalesced(
    [property: Id(0)] int Total,
    [property: Id(1)] IReadOnlyList<EmojiCount> Counts,
    [property: Id(2)] IReadOnlyList<ReactionSample> Sample) : SpaceEvent;

/// <summary>The reactions counted over an interval: the total, per emoji, and who sent a few of them.</summary>
[GenerateSerializer, Immutable]
public sealed record ReactionTotals(
    [property: Id(0)] int Total,
    [property: Id(1)] IReadOnlyList<EmojiCount> Counts,
    [property: Id(2)] IReadOnlyList<ReactionSample> Sample);

/// <summary>How many times one emoji was sent over an interval.</summary>
[GenerateSerializer, Immutable]
public sealed record EmojiCount([property: Id(0)] string Emoji, [property: Id(1)] int Count);

/// <summary>One user of a coalesced interval and the first emoji they sent in it.</summary>
[GenerateSerializer, Immutable]
public sealed record ReactionSample([property: Id(0)] string UserId, [property: Id(1)] string Emoji);

/// <summary>The Space's recording moved on (turned on or off, started, written, failed, made public or private).</summary>
[GenerateSerializer, Immutable]
public sealed record RecordingChanged([property: Id(0)] RecordingView? Recording) : SpaceEvent;
