using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

// Kept in the contracts' namespace, where gateway and tests already look for it; the derivation itself is logic,
// so it lives here with the tickets rather than in Grains.Abstractions.
namespace Spaces.Contracts;

/// <summary>Ticket ids: derived, so a retried purchase finds the ticket the first attempt made.</summary>
public static partial class TicketIds
{
    /// <summary>The longest <c>Idempotency-Key</c> accepted (Stripe's own limit).</summary>
    public const int MaxIdempotencyKeyLength = 255;

    /// <summary>32 lowercase hex digits: 128 bits of SHA-256 over Space, buyer and key.</summary>
    public static string For(string spaceId, string buyerId, string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{spaceId}\n{buyerId}\n{idempotencyKey}"))[..16]);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TicketIdPattern();

    public static bool IsTicketId(string? id) => id is not null && TicketIdPattern().IsMatch(id);

    /// <summary>1-255 printable ASCII characters, no spaces (a UUID fits).</summary>
    public static bool IsIdempotencyKey(string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= MaxIdempotencyKeyLength && key.All(c => c is >= '!' and <= '~');
}
