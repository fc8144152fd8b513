namespace Spaces.Contracts;

/// <summary>One account: profile, follow graph edges it owns (whom it follows), and the Spaces it created.</summary>
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the account on first sight (dev tokens, admin sync); keeps an existing profile.</summary>
    Task<UserProfile> RegisterAsync(string displayName);

    Task<UserProfile> GetProfileAsync();

    Task<UserProfile> UpdateProfileAsync(ProfileUpdate update);

    Task FollowAsync(string targetUserId);

    Task UnfollowAsync(string targetUserId);

    /// <summary>The other end of a follow edge: called by the follower's grain when the edge appears or goes.</summary>
    Task AdjustFollowersCountAsync(int delta);

    /// <summary>Sets the follower count from an external social graph (admin).</summary>
    Task<UserProfile> SyncFollowersCountAsync(long count);

    Task<SpaceView> CreateSpaceAsync(NewSpaceRequest request);

    /// <summary>Stores the notification in the inbox and pushes it, through the user's <see cref="INotificationRoutesGrain"/>, to every gateway holding this user's sockets.</summary>
    [Orleans.Concurrency.OneWay]
    Task NotifyAsync(Notification notification);

    /// <summary>The inbox, newest first (bounded by <see cref="SpacesOptions.MaxNotifications"/>).</summary>
    Task<IReadOnlyList<Notification>> GetNotificationsAsync();

    /// <summary>Whom this user follows (for "Spaces from people you follow").</summary>
    Task<IReadOnlyList<string>> GetFollowingAsync();

    /// <summary>The ids of the Spaces this user created, newest first.</summary>
    Task<IReadOnlyList<string>> GetCreatedSpaceIdsAsync(int limit);
}

[GenerateSerializer, Immutable]
public sealed record UserProfile(
    [property: Id(0)] string Id,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string Bio,
    [property: Id(3)] long FollowersCount,
    [property: Id(4)] long FollowingCount,
    [property: Id(5)] bool CanHost,
    [property: Id(6)] bool CanHostTicketed);

[GenerateSerializer, Immutable]
public sealed record ProfileUpdate(
    [property: Id(0)] string? DisplayName,
    [property: Id(1)] string? Bio);
