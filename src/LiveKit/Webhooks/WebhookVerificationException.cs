namespace Spaces.LiveKit.Webhooks;

public enum WebhookRejection
{
    MissingAuthorization,
    /// <summary>The Authorization token is malformed, forged, for another API key, or expired.</summary>
    InvalidToken,
    /// <summary>The token's sha256 claim is missing or does not match the body.</summary>
    BodyHashMismatch,
    MalformedBody,
}

/// <summary>A webhook request did not come from the configured LiveKit server, or was altered.</summary>
public sealed class WebhookVerificationException : Exception
{
    public WebhookVerificationException(WebhookRejection reason, string message, Exception? innerException = null)
        : base(message, innerException) => Reason = reason;

    public WebhookRejection Reason { get; }
}
