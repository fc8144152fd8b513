using Orleans.Concurrency;

namespace Spaces.Contracts;

/// <summary>
/// One partition of the notification routes (key 0…<see cref="NotificationRoutes.Partitions"/>-1): for each gateway,
/// which users of this partition have sockets on it. A gateway attaches a user on their first socket, detaches them
/// after their last, and renews its whole list for the partition every <c>Realtime:ObserverRenewInterval</c>; a
/// gateway not renewed within <see cref="SpacesOptions.EventObserverExpiry"/> is dropped. The routes live in memory
/// only: after a deactivation or a silo restart the next renewal of each gateway rebuilds them.
/// </summary>
public interface INotificationRoutesGrain : IGrainWithIntegerKey
{
    /// <summary>Routes the user's notifications to the gateway from now on (and extends the gateway's lease).</summary>
    Task AttachAsync(NotificationGateway gateway, string userId);

    /// <summary>The user's last socket on the gateway closed.</summary>
    Task DetachAsync(string gatewayId, string userId);

    /// <summary>Replaces the gateway's users in this partition with <paramref name="userIds"/> and extends its lease.</summary>
    Task RenewAsync(NotificationGateway gateway, IReadOnlyList<string> userIds);

    /// <summary>Hands the notification to every live gateway holding the user, once per gateway.</summary>
    [OneWay]
    Task DeliverAsync(string userId, Notification notification);
}

/// <summary>A gateway as the notification routes know it: an id for its lifetime and its one observer.</summary>
[GenerateSerializer, Immutable]
public sealed record NotificationGateway(
    [property: Id(0)] string Id,
    [property: Id(1)] IUserNotificationObserver Observer);

/// <summary>Which <see cref="INotificationRoutesGrain"/> partition routes a user's notifications.</summary>
public static class NotificationRoutes
{
    /// <summary>
    /// How many partitions there are: a renewal round costs a gateway at most this many calls, whatever its number
    /// of users. Changing it moves users between partitions: a rolling deploy must not mix two values.
    /// </summary>
    public const int Partitions = 64;

    /// <summary>The partition of a user: <see cref="StableIdHash"/> of the user id modulo <see cref="Partitions"/>.</summary>
    public static int PartitionOf(string userId) => StableIdHash.PartitionOf(userId, Partitions);
}
