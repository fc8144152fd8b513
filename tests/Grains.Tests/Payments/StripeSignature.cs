using System.Security.Cryptography;
using System.Text;

namespace Spaces.Grains.Tests.Payments;

/// <summary>Signs a webhook body as Stripe does: <c>t=…,v1=hex(HMAC-SHA256(secret, "t.body"))</c>.</summary>
public static class StripeSignature
{
    public static string Sign(string body, string secret, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds();
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>A PaymentIntent event as Stripe sends it (the fields our handling reads, and the envelope).</summary>
    public static string PaymentIntentEvent(string type, string paymentIntentId, string? ticketId)
    {
        var metadata = ticketId is null ? "{}" : "{\"ticket_id\":\"" + ticketId + "\"}";
        return "{\"id\":\"evt_test_1\",\"object\":\"event\",\"api_version\":\"2024-06-20\",\"created\":1700000000,\"type\":\"" + type + "\","
            + "\"data\":{\"object\":{\"id\":\"" + paymentIntentId + "\",\"object\":\"payment_intent\",\"amount\":500,\"currency\":\"usd\",\"metadata\":" + metadata + "}}}";
    }
}
