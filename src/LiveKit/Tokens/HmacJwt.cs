using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Spaces.LiveKit.Tokens;

/// <summary>Compact JWS with HS256 — the only algorithm LiveKit uses for API tokens.</summary>
internal static class HmacJwt
{
    private static readonly string EncodedHeader = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    public static string Sign(ReadOnlySpan<byte> payloadJson, byte[] secret)
    {
        var signingInput = $"{EncodedHeader}.{Base64Url.EncodeToString(payloadJson)}";
        var signature = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>Checks the header and signature and returns the decoded payload bytes.</summary>
    public static byte[] VerifySignature(string jwt, byte[] secret)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            throw Malformed("a compact JWT has three dot-separated parts", null);
        }

        try
        {
            RequireHs256(Base64Url.DecodeFromChars(parts[0]));
            var expected = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
            // Constant-time so response timing does not reveal how much of a forged signature matched.
            if (!CryptographicOperations.FixedTimeEquals(expected, Base64Url.DecodeFromChars(parts[2])))
            {
                throw new AccessTokenException(AccessTokenFailure.BadSignature, "token signature does not match the API secret");
            }

            return Base64Url.DecodeFromChars(parts[1]);
        }
        catch (FormatException e)
        {
            throw Malformed("a part is not base64url", e);
        }
    }

    private static void RequireHs256(byte[] headerJson)
    {
        try
        {
            using var header = JsonDocument.Parse(headerJson);
            if (header.RootElement.ValueKind == JsonValueKind.Object
                && header.RootElement.TryGetProperty("alg", out var alg)
                && alg.ValueKind == JsonValueKind.String
                && alg.ValueEquals("HS256"))
            {
                return;
            }
        }
        catch (JsonException e)
        {
            throw Malformed("the header is not JSON", e);
        }

        // Anything else (notably "none") must never be accepted.
        throw Malformed("the header's alg is not HS256", null);
    }

    private static AccessTokenException Malformed(string why, Exception? inner) =>
        new(AccessTokenFailure.Malformed, $"malformed token: {why}", inner);
}
