using Spaces.Grains.Hosting;
using Spaces.Grains.Payments;

namespace Spaces.Grains.Tests.Payments;

/// <summary>Configuration mistakes fail at start, not at the first purchase.</summary>
public sealed class PaymentsOptionsTests
{
    [Fact]
    public void Stripe_needs_a_secret_key_and_a_webhook_secret()
    {
        var missing = new StripeKeysRequired().Validate(null, new PaymentsOptions { Provider = PaymentProviderKind.Stripe });
        var given = new StripeKeysRequired().Validate(
            null, new PaymentsOptions { Provider = PaymentProviderKind.Stripe, WebhookSecret = "whsec_x", Stripe = { SecretKey = "sk_live_x" } });

        Assert.True(missing.Failed);
        Assert.Contains("Payments:Stripe:SecretKey", missing.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Payments:WebhookSecret", missing.FailureMessage, StringComparison.Ordinal);
        Assert.True(given.Succeeded);
    }

    [Fact]
    public void The_embedded_provider_needs_no_keys()
    {
        Assert.True(new StripeKeysRequired().Validate(null, new PaymentsOptions()).Succeeded);
        Assert.True(new PaymentsOptionsValidator().Validate(null, new PaymentsOptions()).Succeeded);
    }

    [Fact]
    public void Ticket_limits_must_agree_and_currencies_be_ISO_4217()
    {
        var result = new TicketOptionsConsistency().Validate(null, new TicketOptions { MinPrice = 500, MaxPrice = 100, Currencies = ["USD", "BTC"] });

        Assert.Contains("MinPrice", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("\"BTC\"", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new TicketOptionsConsistency().Validate(null, new TicketOptions()).Succeeded);
        Assert.True(new TicketOptionsValidator().Validate(null, new TicketOptions { PlatformFeePercent = 101 }).Failed);
    }
}
