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

/// <summary>Where and with which token one participant reaches the audio.</summary>
[GenerateSerializer, Immutable]
public sealed record MediaAccess(
    [property: Id(0)] string Url,
    [property: Id(1)] string Token);
