using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Spaces.Grains.Payments;

public enum PaymentProviderKind
{
    /// <summary>In-process and deterministic: for development and tests.</summary>
    Embedded,
    Stripe,
}

/// <summary>Which payment provider takes the money, and its secrets (configuration section "Payments").</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    public PaymentProviderKind Provider { get; set; } = PaymentProviderKind.Embedded;

    /// <summary>
    /// Signs the provider's webhooks (Stripe's <c>whsec_…</c>). The embedded provider's webhooks use Stripe's scheme
    /// too, so a pending embedded payment can be completed the same way; without a secret every webhook is refused.
    /// </summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>How old a webhook's signed timestamp may be (Stripe's default: 5 minutes), against replays.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromMinutes(5);

    public StripePaymentOptions Stripe { get; set; } = new();

    [ValidateObjectMembers]
    public EmbeddedPaymentOptions Embedded { get; set; } = new();
}

public sealed class StripePaymentOptions
{
    /// <summary>The secret (<c>sk_…</c>) or restricted (<c>rk_…</c>) API key; required when Stripe is the provider.</summary>
    public string SecretKey { get; set; } = "";
}

/// <summary>The embedded provider's script: which buyers it declines or leaves pending, and how slow it is.</summary>
public sealed class EmbeddedPaymentOptions
{
    /// <summary>Buyers whose cards are declined.</summary>
    public List<string> DeclinedBuyers { get; set; } = [];

    /// <summary>Buyers whose payments stay pending until a webhook settles them (or the reservation times out).</summary>
    public List<string> PendingBuyers { get; set; } = [];

    /// <summary>How long each charge takes, to show that purchases do not queue behind payments.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;
}
