using Orleans.Concurrency;

namespace Spaces.Contracts;

/// <summary>Something a user should hear about personally (product.md: per-user <c>notification</c>).</summary>
[GenerateSerializer, Immutable]
public sealed record Notification(
    [property: Id(0)] string Id,
    [property: Id(1)] NotificationKind Kind,
    [property: Id(2)] string SpaceId,
    [property: Id(3)] string Title,
    [property: Id(4)] string? ByUserId,
    [property: Id(5)] DateTimeOffset At);

[GenerateSerializer]
public enum NotificationKind
{
    /// <summary>A Space the user set a reminder for starts soon.</summary>
    SpaceStartingSoon,

    /// <summary>A Space the user set a reminder for went live.</summary>
    SpaceStarted,

    /// <summary>A host or co-host invited the user to speak.</summary>
    SpeakerInvitation,
}

/// <summary>One gateway's inbox for the notifications of the users whose sockets it holds.</summary>
public interface IUserNotificationObserver : IGrainObserver
{
    [OneWay]
    Task OnNotificationAsync(string userId, Notification notification);
}

/// <summary>The users who set a reminder for one Space; it notifies them all without the Space grain looping over them.</summary>
public interface ISpaceSubscribersGrain : IGrainWithStringKey
{
    /// <summary>Adds or removes the user; returns the number of subscribers after the change.</summary>
    Task<int> SetAsync(string userId, bool subscribed);

    /// <summary>Sends the notification to every subscriber's inbox, in the background.</summary>
    [OneWay]
    Task NotifyAllAsync(Notification notification);
}
