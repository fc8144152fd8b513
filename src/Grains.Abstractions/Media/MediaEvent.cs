namespace Spaces.Contracts;

/// <summary>What the media server reports about a room (from its webhooks, or its answer to an egress start), keyed by the Space id.</summary>
[GenerateSerializer, Immutable]
public sealed record MediaEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] MediaEventKind Kind,
    [property: Id(2)] string? UserId,
    [property: Id(3)] string? TrackSid,
    [property: Id(4)] EgressReport? Egress = null);

[GenerateSerializer]
public enum MediaEventKind
{
    ParticipantJoined,
    ParticipantLeft,
    TrackPublished,
    TrackUnpublished,
    RoomFinished,

    /// <summary>An egress started, changed or ended (<see cref="MediaEvent.Egress"/>).</summary>
    EgressChanged,
}

/// <summary>
/// Where one egress of the Space is. <see cref="EgressId"/> is null only for a start LiveKit refused (phase
/// <see cref="EgressPhase.Failed"/>); <see cref="Location"/> and <see cref="Duration"/> are the file's or
/// playlist's once the egress reports them.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EgressReport(
    [property: Id(0)] string? EgressId,
    [property: Id(1)] EgressKind Kind,
    [property: Id(2)] EgressPhase Phase,
    [property: Id(3)] string? Error = null,
    [property: Id(4)] string? Location = null,
    [property: Id(5)] TimeSpan Duration = default);

[GenerateSerializer]
public enum EgressPhase
{
    /// <summary>Accepted; a worker is joining the room.</summary>
    Starting,

    Active,

    /// <summary>Stopped; the worker is finishing and uploading.</summary>
    Ending,

    /// <summary>Ended and its output is complete.</summary>
    Complete,

    /// <summary>Ended without (complete) output: failed, aborted, cut by a limit, or never started (refused).</summary>
    Failed,
}

public static class EgressPhases
{
    /// <summary>True once the egress is over: no more updates follow.</summary>
    public static bool IsOver(this EgressPhase phase) => phase >= EgressPhase.Complete;
}
