using Spaces.Contracts;
using Spaces.Gateway.Problems;
using Spaces.Gateway.Security;

namespace Spaces.Gateway.Realtime;

internal static class RealtimeEndpoints
{
    public const string SocketPath = "/v1/ws";

    /// <summary>
    /// A socket's request lasts as long as the socket, and whatever its pipeline holds stays alive with it. So routing
    /// runs this endpoint at once (<c>ShortCircuit</c>, before the API's middleware) through a pipeline of its own:
    /// the security headers and request bounds every route has, WebSockets, and <see cref="SocketHandshake"/> — no
    /// authentication products, no middleware state machines, no request scope held for hours. It stays a real
    /// endpoint (not a branch before routing), so the OpenAPI document describes the route it serves.
    /// </summary>
    public static void MapRealtimeEndpoints(this IEndpointRouteBuilder app)
    {
        var socket = app.CreateApplicationBuilder().UseSecurityHeaders().UseRequestLimits().UseWebSockets();
        socket.Run(ActivatorUtilities.CreateInstance<SocketHandshake>(app.ServiceProvider).AcceptAsync);
        app.MapGet(SocketPath, socket.Build()).ShortCircuit().WithTags("Realtime")
            .WithSummary("WebSocket: subscribe to Spaces' events (token in the Authorization header or access_token query).")
            .ProducesProblems(ErrorCodes.Unauthenticated, ErrorCodes.InvalidField, ErrorCodes.TooManySockets);
    }

    /// <summary>A socket's request, which the ASP.NET Core tracing leaves out (an hours-long span; <see cref="SocketHandshake"/> logs the handshake).</summary>
    public static bool IsSocketRequest(HttpContext context) => context.Request.Path.StartsWithSegments(SocketPath);
}
