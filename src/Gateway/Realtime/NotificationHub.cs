using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Spaces.Contracts;

namespace Spaces.Gateway.Realtime;

/// <summary>
/// Per-user notifications on this gateway: one observer registered with each connected user's grain, so a
/// notification reaches every socket of that user on every gateway, serialized once per gateway.
/// </summary>
internal sealed partial class NotificationHub(
    IGrainFactory grains,
    RealtimeJson json,
    IOptions<RealtimeOptions> options,
    TimeProvider time,
    ILogger<NotificationHub> logger) : ObserverRenewalService(options, time), IUserNotificationObserver
{
    private readonly ConcurrentDictionary<string, UserSockets> _users = new(StringComparer.Ordinal);
    private IUserNotificationObserver? _reference;

    private IUserNotificationObserver Reference => _reference ??= grains.CreateObjectReference<IUserNotificationObserver>(this);

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
            await grains.GetGrain<IUserGrain>(connection.UserId).SubscribeNotificationsAsync(Reference);
        }
    }

    public void Disconnect(ClientConnection connection) =>
        _users.AddOrUpdate(connection.UserId, _ => UserSockets.Empty, (_, existing) => existing.Without(connection));

    protected internal override Task RenewAllAsync() => Task.WhenAll(_users.ToArray().Select(pair => RenewAsync(pair.Key, pair.Value)));

    private async Task RenewAsync(string userId, UserSockets sockets)
    {
        var user = grains.GetGrain<IUserGrain>(userId);
        try
        {
            if (sockets.Count == 0 && _users.TryRemove(new KeyValuePair<string, UserSockets>(userId, sockets)))
            {
                await user.UnsubscribeNotificationsAsync(Reference);
            }
            else if (sockets.Count > 0)
            {
                await user.SubscribeNotificationsAsync(Reference);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRenewalFailed(logger, e, userId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing notifications for user {UserId} failed; retrying next round")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception, string userId);

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
