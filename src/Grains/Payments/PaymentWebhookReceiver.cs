using Microsoft.Extensions.Options;
using Spaces.Contracts;
using Stripe;

namespace Spaces.Grains.Payments;

/// <summary>
/// Verifies a payment webhook with Stripe's signature scheme (the <c>Stripe-Signature</c> header: HMAC-SHA256 of
/// the timestamp and body under the endpoint secret, within a tolerance) and reads which ticket's payment it settles.
/// </summary>
public sealed class PaymentWebhookReceiver(IOptions<PaymentsOptions> options, TimeProvider time)
{
    public const string SignatureHeader = "Stripe-Signature";

    private readonly PaymentsOptions _options = options.Value;

    /// <summary>The ticket and what happened to its payment; null for an event about anything else.</summary>
    /// <exception cref="StripeException">The signature is missing, wrong or too old, or no secret is configured.</exception>
    public (string TicketId, PaymentUpdate Update)? Receive(string body, string? signature)
    {
        if (string.IsNullOrEmpty(_options.WebhookSecret))
        {
            throw new StripeException("No webhook secret is configured (Payments:WebhookSecret).");
        }

        EventUtility.ValidateSignature(
            body, signature ?? "", _options.WebhookSecret, (long)_options.WebhookTolerance.TotalSeconds, time.GetUtcNow().ToUnixTimeSeconds());
        var stripeEvent = ParseSigned(body);
        var outcome = stripeEvent.Type switch
        {
            EventTypes.PaymentIntentSucceeded => PaymentOutcome.Succeeded,
            EventTypes.PaymentIntentPaymentFailed or EventTypes.PaymentIntentCanceled => PaymentOutcome.Failed,
            _ => (PaymentOutcome?)null,
        };
        return outcome is { } known
            && stripeEvent.Data?.Object is PaymentIntent intent
            && intent.Metadata?.GetValueOrDefault(StripePaymentProvider.TicketIdMetadata) is { } ticketId
            && TicketIds.IsTicketId(ticketId)
            ? (ticketId, new PaymentUpdate(intent.Id, known))
            : null;
    }

    /// <summary>A correctly signed body that is not an event is the sender's bug, answered 400 so it is not retried as an outage.</summary>
    private static Event ParseSigned(string body)
    {
        try
        {
            // Our handling reads ids and metadata only, which every API version carries alike.
            return EventUtility.ParseEvent(body, throwOnApiVersionMismatch: false)
                ?? throw SpacesException.Invalid("body", ErrorCodes.InvalidWebhookPayload, "The signed webhook body is not an event.");
        }
        catch (Exception e) when (e is not SpacesException)
        {
            throw SpacesException.Invalid("body", ErrorCodes.InvalidWebhookPayload, "The signed webhook body is not an event of the expected shape.");
        }
    }
}
