using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Spaces.Grains.Payments;
using Stripe;

namespace Spaces.Grains.Tests.Payments;

/// <summary>Payment webhooks are verified with Stripe.net's own signature check against a fixed secret: no network.</summary>
public sealed class PaymentWebhookReceiverTests
{
    private const string Secret = "whsec_test_fixed_secret";
    private static readonly string TicketId = new('a', 32);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private PaymentWebhookReceiver Receiver(string secret = Secret) =>
        new(Options.Create(new PaymentsOptions { WebhookSecret = secret }), _time);

    [Theory]
    [InlineData(EventTypes.PaymentIntentSucceeded, PaymentOutcome.Succeeded)]
    [InlineData(EventTypes.PaymentIntentPaymentFailed, PaymentOutcome.Failed)]
    [InlineData(EventTypes.PaymentIntentCanceled, PaymentOutcome.Failed)]
    public void A_signed_payment_event_names_the_ticket_and_the_outcome(string type, PaymentOutcome outcome)
    {
        var body = StripeSignature.PaymentIntentEvent(type, "pi_123", TicketId);

        var received = Receiver().Receive(body, StripeSignature.Sign(body, Secret, _time.GetUtcNow()));

        Assert.Equal((TicketId, new PaymentUpdate("pi_123", outcome)), received);
    }

    [Fact]
    public void Events_about_anything_else_are_accepted_and_ignored()
    {
        var other = StripeSignature.PaymentIntentEvent(EventTypes.PaymentIntentCreated, "pi_123", TicketId);
        var noTicket = StripeSignature.PaymentIntentEvent(EventTypes.PaymentIntentSucceeded, "pi_123", null);

        Assert.Null(Receiver().Receive(other, StripeSignature.Sign(other, Secret, _time.GetUtcNow())));
        Assert.Null(Receiver().Receive(noTicket, StripeSignature.Sign(noTicket, Secret, _time.GetUtcNow())));
    }

    [Fact]
    public void A_tampered_body_a_wrong_secret_a_stale_or_missing_signature_is_refused()
    {
        var body = StripeSignature.PaymentIntentEvent(EventTypes.PaymentIntentSucceeded, "pi_123", TicketId);
        var signature = StripeSignature.Sign(body, Secret, _time.GetUtcNow());

        Assert.Throws<StripeException>(() => Receiver().Receive(body.Replace("pi_123", "pi_999"), signature));
        Assert.Throws<StripeException>(() => Receiver().Receive(body, StripeSignature.Sign(body, "whsec_other", _time.GetUtcNow())));
        Assert.Throws<StripeException>(() => Receiver().Receive(body, StripeSignature.Sign(body, Secret, _time.GetUtcNow().AddMinutes(-6))));
        Assert.Throws<StripeException>(() => Receiver().Receive(body, null));
        Assert.Throws<StripeException>(() => Receiver(secret: "").Receive(body, signature));
    }
}
