using Spaces.Contracts;

namespace Spaces.Grains.Users;

/// <summary>An account as stored: the profile, whom it follows (the edges it owns), and what it created.</summary>
[GenerateSerializer]
public sealed class UserRecord
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string DisplayName { get; set; } = "";
    [Id(2)] public string Bio { get; set; } = "";
    [Id(3)] public long FollowersCount { get; set; }
    [Id(4)] public HashSet<string> Following { get; set; } = [];
    [Id(5)] public List<string> CreatedSpaceIds { get; set; } = [];
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The inbox, oldest first, bounded by <c>MaxNotifications</c>.</summary>
    [Id(7)] public List<Notification> Notifications { get; set; } = [];
}
