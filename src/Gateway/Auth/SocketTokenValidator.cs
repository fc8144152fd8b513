using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Spaces.Gateway.Auth;

/// <summary>Who opened a socket and until when their token holds: all the socket keeps of its token.</summary>
internal readonly record struct SocketIdentity(string UserId, DateTimeOffset ExpiresAt);

/// <summary>
/// Validates the WebSocket handshake's token by the rules the API's JwtBearer applies (its configured
/// <see cref="JwtBearerOptions.TokenValidationParameters"/>, <c>exp</c> required, the sub rule), without
/// authentication's per-request products (claims identity, ticket, handler): a socket lives for hours and keeps
/// only its user id and expiry.
/// </summary>
internal sealed class SocketTokenValidator(IOptionsMonitor<JwtBearerOptions> jwt)
{
    /// <summary>Browsers cannot set headers on a WebSocket handshake: the socket may carry its token in this query parameter.</summary>
    public const string QueryParameter = "access_token";

    private const string BearerPrefix = "Bearer ";

    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>The handshake's identity, or the 401 detail that refuses it.</summary>
    public async Task<(SocketIdentity? Identity, string? Refusal)> ValidateAsync(HttpRequest request)
    {
        if (TokenOf(request) is not { } token)
        {
            return (null, TokenAuthentication.TokenMissing);
        }

        var parameters = jwt.Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters;
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken valid)
        {
            return (null, TokenAuthentication.TokenInvalid);
        }

        return TokenAuthentication.IsValidSubject(valid.Subject)
            ? (new SocketIdentity(valid.Subject, new DateTimeOffset(valid.ValidTo, TimeSpan.Zero)), null)
            : (null, TokenAuthentication.InvalidSubject);
    }

    /// <summary>
    /// As the API's JwtBearer read it: one non-empty <c>access_token</c> in the query (name in any case), else the
    /// Authorization header's bearer token. The query is scanned, not parsed into a collection the request would keep.
    /// </summary>
    private static string? TokenOf(HttpRequest request)
    {
        string? fromQuery = null;
        var found = 0;
        foreach (var pair in new QueryStringEnumerable(request.QueryString.Value))
        {
            if (pair.DecodeName().Span.Equals(QueryParameter, StringComparison.OrdinalIgnoreCase))
            {
                fromQuery = pair.DecodeValue().ToString();
                found++;
            }
        }

        if (found == 1 && fromQuery is { Length: > 0 })
        {
            return fromQuery;
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) && authorization[BearerPrefix.Length..].Trim() is { Length: > 0 } bearer
            ? bearer
            : null;
    }
}
