namespace Spaces.Contracts;

/// <summary>What the media server reports about a room (from its webhooks), keyed by the Space id.</summary>
[GenerateSerializer, Immutable]
public sealed record MediaEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] MediaEventKind Kind,
    [property: Id(2)] string? UserId,
    [property: Id(3)] string? TrackSid);

[GenerateSerializer]
public enum MediaEventKind
{
    ParticipantJoined,
    ParticipantLeft,
    TrackPublished,
    TrackUnpublished,
    RoomFinished,
}
