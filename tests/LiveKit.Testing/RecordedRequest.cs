using Spaces.LiveKit.Tokens;

namespace Spaces.LiveKit.Testing;

/// <summary>One request as it reached <see cref="LiveKitTestServer"/>, before any injected failure.</summary>
/// <param name="Method">The RoomService method, such as "CreateRoom".</param>
/// <param name="Path">The request path, such as "/twirp/livekit.RoomService/CreateRoom".</param>
/// <param name="Body">The raw JSON body.</param>
/// <param name="Grant">The video grant of the bearer token; null when the token was missing or invalid.</param>
public sealed record RecordedRequest(string Method, string Path, string? ContentType, string Body, VideoGrant? Grant)
{
    /// <summary>When the server had read the request (system clock), to order it against what happened elsewhere.</summary>
    public DateTimeOffset ReceivedAt { get; init; } = DateTimeOffset.UtcNow;
}
