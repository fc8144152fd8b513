using Spaces.Contracts;

namespace Spaces.Grains.Hosting;

/// <summary>The media port when no media server is configured: rooms work, and join answers with no media.</summary>
internal sealed class DetachedMediaPort : IMediaPort
{
    public MediaAccess? IssueAccess(string spaceId, string userId, Role role) => null;

    public void OpenRoom(string spaceId, string title)
    {
    }

    public void SetRole(string spaceId, string userId, Role role)
    {
    }

    public void Mute(string spaceId, string userId)
    {
    }

    public void RemoveParticipant(string spaceId, string userId)
    {
    }

    public void CloseRoom(string spaceId)
    {
    }
}
