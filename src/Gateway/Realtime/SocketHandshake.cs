using Microsoft.Extensions.Options;
using Spaces.Contracts;
using Spaces.Gateway.Auth;
using Spaces.Gateway.Problems;
using Spaces.Gateway.Security;

namespace Spaces.Gateway.Realtime;

/// <summary>
/// Opens a realtime socket: the handshake's rules in the order the API applies them to any route (token, per-user
/// rate limit, then the route's own: an upgrade request, the user's socket quota), then the session for the socket's
/// life. Built once from the root services: only singletons, never the request's scope.
/// </summary>
internal sealed partial class SocketHandshake(
    SocketTokenValidator tokens,
    UserRateLimits rateLimits,
    SocketQuota quota,
    TokenExpiryScheduler expiries,
    SpaceFeedHub hub,
    NotificationHub notifications,
    RealtimeJson json,
    GatewayMetrics metrics,
    IOptions<RealtimeOptions> options,
    TimeProvider time,
    ILogger<SocketHandshake> logger)
{
    /// <summary>One async method for the socket's whole life (its state machine is what the socket keeps of the request).</summary>
    public async Task AcceptAsync(HttpContext context)
    {
        if (await AdmitAsync(context) is not { } admitted)
        {
            return;
        }

        var (caller, place) = admitted;
        using (place)
        {
            var limits = options.Value;
            using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                KeepAliveInterval = limits.KeepAliveInterval,
                KeepAliveTimeout = limits.KeepAliveTimeout,
            });
            LogAccepted(logger, caller.UserId, caller.ExpiresAt);
            metrics.SocketOpened();
            try
            {
                var connection = new ClientConnection(socket, caller.UserId, limits, metrics, time);
                using var expiry = expiries.CloseAtExpiry(connection, caller.ExpiresAt);
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

    /// <summary>The caller and their place in the socket quota, or null once a refusal has been answered.</summary>
    private async Task<(SocketIdentity Caller, IDisposable Place)?> AdmitAsync(HttpContext context)
    {
        var (identity, refusal) = await tokens.ValidateAsync(context.Request);
        if (identity is not { } caller)
        {
            LogRefused(logger, null, StatusCodes.Status401Unauthorized, refusal);
            await TokenAuthentication.WriteUnauthenticatedAsync(context, refusal!);
            return null;
        }

        if (!await rateLimits.TryAdmitAsync(context, caller.UserId))
        {
            LogRefused(logger, caller.UserId, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited);
            return null;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            await RefuseAsync(context, caller, SpacesException.Invalid("upgrade", ErrorCodes.InvalidField, "/v1/ws speaks WebSocket only: send an upgrade request."));
            return null;
        }

        try
        {
            return (caller, quota.Acquire(caller.UserId));
        }
        catch (SpacesException full)
        {
            await RefuseAsync(context, caller, full);
            return null;
        }
    }

    private Task RefuseAsync(HttpContext context, SocketIdentity caller, SpacesException refusal)
    {
        LogRefused(logger, caller.UserId, ProblemResponses.StatusOf(refusal.Kind), refusal.Code);
        return ProblemResponses.WriteAsync(context, refusal);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "WebSocket opened for {UserId}; its token expires at {ExpiresAt}")]
    private static partial void LogAccepted(ILogger logger, string userId, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "WebSocket handshake refused for {UserId} with {Status}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string? userId, int status, string? reason);
}
