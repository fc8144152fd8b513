namespace Spaces.LiveKit.Testing;

/// <summary>A webhook as LiveKit would post it: the exact body and the Authorization header value.</summary>
public sealed record SignedWebhook(string Body, string Authorization)
{
    /// <summary>The content type LiveKit posts webhooks with.</summary>
    public const string ContentType = "application/webhook+json";
}
