using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Spaces.Contracts;

namespace Spaces.Gateway.Realtime;

/// <summary>
/// Per-user notifications on this gateway: one observer, known to the notification routes partition of every user
/// with a socket here (<see cref="INotificationRoutesGrain"/>), so a notification reaches every socket of that user
/// on every gateway, serialized once per gateway. Connecting a socket never touches the user's grain; a renewal
/// round costs one call per partition holding users of this gateway, whatever the number of users.
/// </summary>
internal sealed partial class NotificationHub(
    IGrainFactory grains,
    RealtimeJson json,
    IOptions<RealtimeOptions> options,
    TimeProvider time,
    ILogger<NotificationHub> logger) : ObserverRenewalService(options, time), IUserNotificationObserver
{
    private readonly ConcurrentDictionary<string, UserSockets> _users = new(StringComparer.Ordinal);
    private readonly Lock _gatewayLock = new();
    private NotificationGateway? _gateway;

    /// <summary>This gateway for the routes: an id of its own for the process's life and its one observer.</summary>
    private NotificationGateway Gateway
    {
        get
        {
            lock (_gatewayLock)
            {
                return _gateway ??= new NotificationGateway(Guid.NewGuid().ToString("N"), grains.CreateObjectReference<IUserNotificationObserver>(this));
            }
        }
    }

    public Task OnNotificationAsync(string userId, Notification notification)
    {
        if (_users.TryGetValue(userId, out var sockets))
        {
            sockets.Send(json.SerializeControl(new NotificationFrame(notification)));
        }

        return Task.CompletedTask;
    }

    /// <summary>Routes the user's notifications to this socket until <see cref="Disconnect"/>.</summary>
    public async Task ConnectAsync(ClientConnection connection)
    {
        var sockets = _users.AddOrUpdate(connection.UserId, _ => new UserSockets(connection), (_, existing) => existing.With(connection));
        if (sockets.Count == 1)
        {
            await RoutesOf(connection.UserId).AttachAsync(Gateway, connection.UserId);
        }
    }

    public void Disconnect(ClientConnection connection)
    {
        var userId = connection.UserId;
        var sockets = _users.AddOrUpdate(userId, _ => UserSockets.Empty, (_, existing) => existing.Without(connection));
        if (sockets.Count == 0 && _users.TryRemove(new KeyValuePair<string, UserSockets>(userId, sockets)))
        {
            _ = DetachAsync(userId);
        }
    }

    protected internal override async Task RenewAllAsync()
    {
        var listed = _users.Where(pair => pair.Value.Count > 0).Select(pair => pair.Key).ToHashSet(StringComparer.Ordinal);
        await Task.WhenAll(listed.GroupBy(NotificationRoutes.PartitionOf).Select(partition => RenewAsync(partition.Key, [.. partition])));

        // A first socket that opened during the round may have been attached just before a renewal that did not
        // list it replaced the partition's set: attach those users again, now after the renewal.
        await Task.WhenAll(_users.Where(pair => pair.Value.Count > 0 && !listed.Contains(pair.Key)).Select(pair => ReattachAsync(pair.Key)));
    }

    private INotificationRoutesGrain RoutesOf(string userId) => grains.GetGrain<INotificationRoutesGrain>(NotificationRoutes.PartitionOf(userId));

    private async Task RenewAsync(int partition, IReadOnlyList<string> userIds)
    {
        try
        {
            // Bounded by the interval: a call stuck on a silo that died would otherwise hold up the next round
            // (Orleans answers it only after its response timeout, 30 s by default), and with it the repair.
            await grains.GetGrain<INotificationRoutesGrain>(partition).RenewAsync(Gateway, userIds).WaitAsync(Options.ObserverRenewInterval, Time);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRenewalFailed(logger, e, partition, userIds.Count);
        }
    }

    private async Task DetachAsync(string userId)
    {
        try
        {
            await RoutesOf(userId).DetachAsync(Gateway.Id, userId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next renewal does not list the user, which detaches them.
            LogRouteUpdateFailed(logger, e, userId);
            return;
        }

        // A new first socket's attach may have reached the partition before this detach: attach again after it.
        if (_users.TryGetValue(userId, out var sockets) && sockets.Count > 0)
        {
            await ReattachAsync(userId);
        }
    }

    private async Task ReattachAsync(string userId)
    {
        try
        {
            await RoutesOf(userId).AttachAsync(Gateway, userId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRouteUpdateFailed(logger, e, userId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing notification routes partition {Partition} ({Users} users) failed; retrying next round")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception, int partition, int users);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Updating the notification route of user {UserId} failed; the next renewal round repairs it")]
    private static partial void LogRouteUpdateFailed(ILogger logger, Exception exception, string userId);

    /// <summary>A user's sockets on this gateway; immutable, swapped atomically.</summary>
    private sealed class UserSockets
    {
        public static readonly UserSockets Empty = new([]);

        private readonly ClientConnection[] _connections;

        public UserSockets(params ClientConnection[] connections) => _connections = connections;

        public int Count => _connections.Length;

        public UserSockets With(ClientConnection connection) => new([.. _connections, connection]);

        public UserSockets Without(ClientConnection connection) => new(_connections.Where(c => c != connection).ToArray());

        public void Send(ReadOnlyMemory<byte> frame)
        {
            foreach (var connection in _connections)
            {
                connection.Send(frame);
            }
        }
    }
}
