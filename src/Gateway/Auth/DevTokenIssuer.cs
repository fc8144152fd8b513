using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Spaces.Gateway.Auth;

/// <summary>Mints development tokens with the same key, issuer and audience the gateway validates.</summary>
internal sealed class DevTokenIssuer(IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public string Issue(string userId, string displayName, IReadOnlyList<string> roles)
    {
        var auth = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new List<Claim> { new(TokenAuthentication.UserIdClaim, userId), new(TokenAuthentication.NameClaim, displayName) };
        claims.AddRange(roles.Select(role => new Claim(TokenAuthentication.RoleClaim, role)));
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = now,
            IssuedAt = now,
            Expires = now + auth.DevTokenLifetime,
            SigningCredentials = new SigningCredentials(TokenAuthentication.SigningKey(auth), SecurityAlgorithms.HmacSha256),
        });
    }
}
