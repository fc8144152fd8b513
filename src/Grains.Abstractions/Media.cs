namespace Spaces.Contracts;

/// <summary>
/// The media server as the SpaceGrain drives it. Calls return at once: implementations queue the room
/// operations and retry them in the background (state is the truth; media converges to it).
/// </summary>
public interface IMediaPort
{
    /// <summary>Credentials for one participant with grants that follow the role; minted locally, no network.</summary>
    MediaAccess IssueAccess(string spaceId, string userId, Role role);

    void OpenRoom(string spaceId, string title);

    void SetRole(string spaceId, string userId, Role role);

    /// <summary>Mutes the user's microphone track; <paramref name="trackSid"/> when known, else the port finds it.</summary>
    void Mute(string spaceId, string userId, string? trackSid);

    void RemoveParticipant(string spaceId, string userId);

    void CloseRoom(string spaceId);
}

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
