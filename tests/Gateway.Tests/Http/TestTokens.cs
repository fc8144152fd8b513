using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Http;

/// <summary>
/// Bearer tokens made by hand, as a third-party identity provider would make them: HS256 JWTs with the
/// issuer, audience and key the gateway is configured with, or deliberately wrong ones.
/// </summary>
internal sealed class TestTokens(GatewayHost host)
{
    private IConfiguration Configuration => host.Services.GetRequiredService<IConfiguration>();

    public string Issuer => Configuration["Auth:Issuer"]!;

    public string Audience => Configuration["Auth:Audience"]!;

    public string SigningKey => Configuration["Auth:SigningKey"]!;

    /// <summary>Claims the gateway accepts for <paramref name="userId"/>, valid for ten minutes from now.</summary>
    public JsonObject Claims(string? userId)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new JsonObject { ["iss"] = Issuer, ["aud"] = Audience, ["nbf"] = now - 60, ["iat"] = now - 60, ["exp"] = now + 600 };
        if (userId is not null)
        {
            claims["sub"] = userId;
            claims["name"] = userId;
        }

        return claims;
    }

    public string Sign(JsonObject claims, string? signingKey = null)
    {
        var unsigned = $"{Encode(new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" })}.{Encode(claims)}";
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey ?? SigningKey), Encoding.ASCII.GetBytes(unsigned));
        return $"{unsigned}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>A token with <c>"alg": "none"</c> and no signature.</summary>
    public static string Unsigned(JsonObject claims) => $"{Encode(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" })}.{Encode(claims)}.";

    private static string Encode(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));
}
