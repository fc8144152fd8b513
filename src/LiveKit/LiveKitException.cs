using System.Net;

namespace Spaces.LiveKit;

/// <summary>A LiveKit server API call failed. Retry only <see cref="LiveKitUnavailableException"/>.</summary>
public class LiveKitException : Exception
{
    public LiveKitException(string message, string? twirpCode, HttpStatusCode? statusCode, Exception? innerException = null)
        : base(message, innerException)
    {
        TwirpCode = twirpCode;
        StatusCode = statusCode;
    }

    /// <summary>The Twirp error code, such as "not_found" or "permission_denied"; null when the server sent none.</summary>
    public string? TwirpCode { get; }

    /// <summary>The HTTP status, or null when no response arrived.</summary>
    public HttpStatusCode? StatusCode { get; }
}

/// <summary>The room, participant or track does not exist (Twirp "not_found").</summary>
public sealed class LiveKitNotFoundException(string message, string? twirpCode, HttpStatusCode? statusCode)
    : LiveKitException(message, twirpCode, statusCode);

/// <summary>
/// A transient failure — a 5xx or 429 response, a timeout, or no connection — after which the same call may succeed.
/// </summary>
public sealed class LiveKitUnavailableException(string message, string? twirpCode, HttpStatusCode? statusCode, Exception? innerException = null)
    : LiveKitException(message, twirpCode, statusCode, innerException);
