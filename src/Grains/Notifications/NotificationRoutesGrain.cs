using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spaces.Contracts;

namespace Spaces.Grains.Notifications;

/// <summary>
/// One partition of the notification routes: per gateway, the users of this partition with sockets there. A user's
/// notification goes out once per gateway holding them, so one grain serves thousands of connected users and no
/// user grain stays active for a socket. Soft state, rebuilt by the gateways' renewals; no method awaits, so turns
/// never interleave and no concurrency attribute is needed.
/// </summary>
internal sealed partial class NotificationRoutesGrain(
    IOptions<SpacesOptions> options,
    TimeProvider time,
    ILogger<NotificationRoutesGrain> logger) : Grain, INotificationRoutesGrain
{
    private readonly Dictionary<string, GatewayRoutes> _gateways = new(StringComparer.Ordinal);

    private TimeSpan Lease => options.Value.EventObserverExpiry;

    public Task AttachAsync(NotificationGateway gateway, string userId)
    {
        Renewed(gateway).Users.Add(userId);
        return Task.CompletedTask;
    }

    public Task DetachAsync(string gatewayId, string userId)
    {
        if (_gateways.TryGetValue(gatewayId, out var routes) && routes.Users.Remove(userId) && routes.Users.Count == 0)
        {
            _gateways.Remove(gatewayId);
        }

        return Task.CompletedTask;
    }

    public Task RenewAsync(NotificationGateway gateway, IReadOnlyList<string> userIds)
    {
        var routes = Renewed(gateway);
        routes.Users.Clear();
        routes.Users.UnionWith(userIds);
        return Task.CompletedTask;
    }

    public Task DeliverAsync(string userId, Notification notification)
    {
        var now = time.GetUtcNow();
        foreach (var routes in _gateways.Values)
        {
            if (routes.Users.Contains(userId) && routes.RenewedAt + Lease > now)
            {
                routes.Gateway.Observer.OnNotificationAsync(userId, notification).Ignore();
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The gateway's routes with a fresh lease, after dropping gateways whose lease passed (a lapsed gateway starts empty).</summary>
    private GatewayRoutes Renewed(NotificationGateway gateway)
    {
        var now = time.GetUtcNow();
        foreach (var (gatewayId, lapsed) in _gateways.Where(pair => pair.Value.RenewedAt + Lease <= now).ToList())
        {
            _gateways.Remove(gatewayId);
            LogGatewayLapsed(logger, this.GetPrimaryKeyLong(), gatewayId, lapsed.RenewedAt, lapsed.Users.Count);
        }

        if (!_gateways.TryGetValue(gateway.Id, out var routes))
        {
            routes = new GatewayRoutes(gateway);
            _gateways.Add(gateway.Id, routes);
        }

        routes.Gateway = gateway;
        routes.RenewedAt = now;
        return routes;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification routes partition {Partition} dropped gateway {GatewayId}: not renewed since {RenewedAt}; it held {Users} users")]
    private static partial void LogGatewayLapsed(ILogger logger, long partition, string gatewayId, DateTimeOffset renewedAt, int users);

    private sealed class GatewayRoutes(NotificationGateway gateway)
    {
        public NotificationGateway Gateway { get; set; } = gateway;

        public DateTimeOffset RenewedAt { get; set; }

        public HashSet<string> Users { get; } = new(StringComparer.Ordinal);
    }
}
