using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Spaces.LiveKit.Tokens;

/// <summary>Mints LiveKit access tokens signed with the configured API key and secret.</summary>
public sealed class AccessTokenIssuer(IOptions<LiveKitOptions> options, TimeProvider time)
{
    // Lifetime of the short tokens this service uses for its own API calls and webhooks (as LiveKit's SDKs).
    private static readonly TimeSpan ServerTokenLifetime = TimeSpan.FromMinutes(10);

    private readonly LiveKitOptions _options = options.Value;

    /// <summary>A token a participant joins a room with.</summary>
    /// <param name="ttl">Defaults to <see cref="LiveKitOptions.TokenLifetime"/>.</param>
    public string CreateToken(string identity, VideoGrant grant, string? name = null, string? metadata = null, TimeSpan? ttl = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        ArgumentNullException.ThrowIfNull(grant);
        return Sign(new AccessTokenClaims { Identity = identity, Name = name, Metadata = metadata, Video = grant }, ttl ?? _options.TokenLifetime);
    }

    /// <summary>A token without identity, for calling the server API with <paramref name="grant"/>.</summary>
    public string CreateServerToken(VideoGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return Sign(new AccessTokenClaims { Video = grant }, ServerTokenLifetime);
    }

    /// <summary>The Authorization header value LiveKit sends with a webhook: a token carrying the body's SHA-256.</summary>
    public string CreateWebhookToken(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Sign(new AccessTokenClaims { Sha256 = BodyHash(body) }, ServerTokenLifetime);
    }

    /// <summary>Base64 of SHA-256 over the UTF-8 body, the form of the <c>sha256</c> claim.</summary>
    internal static string BodyHash(string body) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(body)));

    private string Sign(AccessTokenClaims claims, TimeSpan ttl)
    {
        if (ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "A token lifetime must be positive.");
        }

        var now = time.GetUtcNow();
        var complete = claims with { Issuer = _options.ApiKey, NotBefore = now, ExpiresAt = now + ttl };
        var payload = JsonSerializer.SerializeToUtf8Bytes(complete, AccessTokenClaims.JsonOptions);
        return HmacJwt.Sign(payload, Encoding.UTF8.GetBytes(_options.ApiSecret));
    }
}
