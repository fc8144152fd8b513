using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Tokens;

namespace Spaces.LiveKit.Webhooks;

/// <summary>Authenticates and parses webhook requests from LiveKit.</summary>
public sealed class WebhookReceiver(AccessTokenVerifier verifier)
{
    private const string BearerPrefix = "Bearer ";

    /// <param name="rawBody">The request body exactly as received; re-serialized JSON would not match the hash.</param>
    /// <param name="authorizationHeader">The Authorization header: LiveKit sends the bare token (a Bearer prefix is accepted too).</param>
    /// <exception cref="WebhookVerificationException">The request is not authentic or not a webhook event.</exception>
    public WebhookEvent Receive(string rawBody, string? authorizationHeader)
    {
        ArgumentNullException.ThrowIfNull(rawBody);
        if (string.IsNullOrWhiteSpace(authorizationHeader))
        {
            throw new WebhookVerificationException(WebhookRejection.MissingAuthorization, "webhook has no Authorization header");
        }

        var token = authorizationHeader.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? authorizationHeader[BearerPrefix.Length..]
            : authorizationHeader;
        AccessTokenClaims claims;
        try
        {
            claims = verifier.Verify(token.Trim());
        }
        catch (AccessTokenException e)
        {
            throw new WebhookVerificationException(WebhookRejection.InvalidToken, $"webhook token rejected: {e.Message}", e);
        }

        var actualHash = Encoding.ASCII.GetBytes(AccessTokenIssuer.BodyHash(rawBody));
        if (claims.Sha256 is null
            || !CryptographicOperations.FixedTimeEquals(actualHash, Encoding.ASCII.GetBytes(claims.Sha256)))
        {
            throw new WebhookVerificationException(WebhookRejection.BodyHashMismatch, "webhook body does not match the sha256 claim of its token");
        }

        try
        {
            return JsonSerializer.Deserialize<WebhookEvent>(rawBody, ProtoJson.Options)
                ?? throw new WebhookVerificationException(WebhookRejection.MalformedBody, "webhook body is null");
        }
        catch (JsonException e)
        {
            throw new WebhookVerificationException(WebhookRejection.MalformedBody, $"webhook body is not a WebhookEvent: {e.Message}", e);
        }
    }
}
