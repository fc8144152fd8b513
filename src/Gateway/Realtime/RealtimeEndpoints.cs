using System.Security.Claims;
using Microsoft.Extensions.Options;
using Spaces.Contracts;
using Spaces.Gateway.Auth;
using Spaces.Gateway.Problems;

namespace Spaces.Gateway.Realtime;

internal static class RealtimeEndpoints
{
    public static void MapRealtimeEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/ws", AcceptAsync).RequireAuthorization().WithTags("Realtime")
            .WithSummary("WebSocket: subscribe to Spaces' events (token in the Authorization header or access_token query).")
            .ProducesProblems(ErrorCodes.Unauthenticated, ErrorCodes.InvalidField);

    private static async Task AcceptAsync(
        HttpContext context,
        ClaimsPrincipal user,
        SpaceFeedHub hub,
        NotificationHub notifications,
        RealtimeJson json,
        GatewayMetrics metrics,
        IOptions<RealtimeOptions> options,
        SocketQuota quota,
        TokenExpiryScheduler expiries,
        TimeProvider time)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw SpacesException.Invalid("upgrade", ErrorCodes.InvalidField, "/v1/ws speaks WebSocket only: send an upgrade request.");
        }

        var userId = user.UserId();
        using var place = quota.Acquire(userId);
        var limits = options.Value;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = limits.KeepAliveInterval,
            KeepAliveTimeout = limits.KeepAliveTimeout,
        });
        metrics.SocketOpened();
        try
        {
            var connection = new ClientConnection(socket, userId, limits, metrics);
            using var expiry = expiries.CloseAtExpiry(connection, TokenAuthentication.ExpiresAt(user));
            await notifications.ConnectAsync(connection);
            try
            {
                await new RealtimeSession(connection, hub, json, limits, time).RunAsync();
            }
            finally
            {
                notifications.Disconnect(connection);
            }
        }
        finally
        {
            metrics.SocketClosed();
        }
    }
}
