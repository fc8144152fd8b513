namespace Spaces.Contracts;

/// <summary>
/// The media server as the SpaceGrain drives it. Calls return at once: implementations queue the room
/// operations and retry them in the background (state is the truth; media converges to it).
/// </summary>
public interface IMediaPort
{
    /// <summary>Credentials for one participant with grants that follow the role; minted locally, no network.</summary>
    MediaAccess? IssueAccess(string spaceId, string userId, Role role);

    void OpenRoom(string spaceId, string title);

    void SetRole(string spaceId, string userId, Role role);

    void Mute(string spaceId, string userId);

    void RemoveParticipant(string spaceId, string userId);

    void CloseRoom(string spaceId);
}
