using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Spaces.LiveKit.Tokens;

/// <summary>Verifies LiveKit access tokens signed with the configured API key and secret.</summary>
public sealed class AccessTokenVerifier(IOptions<LiveKitOptions> options, TimeProvider time)
{
    /// <summary>Tolerated clock difference between signer and verifier (LiveKit's SDKs allow 10 s too).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(10);

    private readonly LiveKitOptions _options = options.Value;

    /// <exception cref="AccessTokenException">The token is malformed, forged, for another key, or outside its lifetime.</exception>
    public AccessTokenClaims Verify(string jwt)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        var payload = HmacJwt.VerifySignature(jwt, Encoding.UTF8.GetBytes(_options.ApiSecret));
        var claims = Parse(payload);

        if (claims.Issuer != _options.ApiKey)
        {
            throw new AccessTokenException(AccessTokenFailure.WrongIssuer, $"token was issued by '{claims.Issuer}', not by API key '{_options.ApiKey}'");
        }

        // A signed token without exp would be valid forever; LiveKit's verifiers require it as well.
        if (claims.ExpiresAt is not { } expiresAt)
        {
            throw new AccessTokenException(AccessTokenFailure.Malformed, "malformed token: no exp claim");
        }

        var now = time.GetUtcNow();
        if (now >= expiresAt + ClockSkew)
        {
            throw new AccessTokenException(AccessTokenFailure.Expired, $"token expired at {expiresAt:O}");
        }

        if (claims.NotBefore is { } notBefore && now < notBefore - ClockSkew)
        {
            throw new AccessTokenException(AccessTokenFailure.NotYetValid, $"token is not valid before {notBefore:O}");
        }

        return claims;
    }

    private static AccessTokenClaims Parse(byte[] payload)
    {
        try
        {
            return JsonSerializer.Deserialize<AccessTokenClaims>(payload, AccessTokenClaims.JsonOptions)
                ?? throw new AccessTokenException(AccessTokenFailure.Malformed, "malformed token: the payload is null");
        }
        catch (JsonException e)
        {
            throw new AccessTokenException(AccessTokenFailure.Malformed, $"malformed token: the payload is not valid claims JSON ({e.Message})", e);
        }
    }
}
