using Microsoft.Extensions.Logging;
using Stripe;

namespace Spaces.Grains.Payments;

/// <summary>
/// Stripe through Stripe.net: one PaymentIntent per ticket (confirmed at once when the buyer gave a payment
/// method, else left for the app to confirm with its client secret), refunds against it, each request under
/// the ticket's idempotency key so Stripe moves the money once however often we retry.
/// </summary>
public sealed partial class StripePaymentProvider(IStripeClient stripe, ILogger<StripePaymentProvider> logger) : IPaymentProvider
{
    /// <summary>The PaymentIntent metadata key that carries our ticket id back in webhooks.</summary>
    public const string TicketIdMetadata = "ticket_id";

    private readonly PaymentIntentService _intents = new(stripe);
    private readonly RefundService _refunds = new(stripe);

    public async Task<ChargeResult> ChargeAsync(ChargeRequest charge, CancellationToken cancellationToken = default)
    {
        var create = new PaymentIntentCreateOptions
        {
            Amount = charge.Amount,
            Currency = charge.Currency.ToLowerInvariant(),
            PaymentMethod = charge.PaymentMethod,
            Confirm = charge.PaymentMethod is not null,
            AutomaticPaymentMethods = new PaymentIntentAutomaticPaymentMethodsOptions { Enabled = true, AllowRedirects = "never" },
            Metadata = new Dictionary<string, string>
            {
                [TicketIdMetadata] = charge.TicketId,
                ["space_id"] = charge.SpaceId,
                ["buyer_id"] = charge.BuyerId,
            },
        };
        try
        {
            var intent = await _intents.CreateAsync(create, new RequestOptions { IdempotencyKey = charge.IdempotencyKey }, cancellationToken);
            return intent.Status switch
            {
                "succeeded" => new ChargeResult(ChargeStatus.Succeeded, intent.Id),
                "canceled" => new ChargeResult(ChargeStatus.Declined, intent.Id, DeclineReason: intent.CancellationReason),
                "requires_payment_method" when charge.PaymentMethod is not null =>
                    new ChargeResult(ChargeStatus.Declined, intent.Id, DeclineReason: intent.LastPaymentError?.Code),
                _ => new ChargeResult(ChargeStatus.Pending, intent.Id, intent.ClientSecret),
            };
        }
        catch (StripeException e) when (e.StripeError?.Type == "card_error")
        {
            LogDeclined(charge.TicketId, e.StripeError.DeclineCode ?? e.StripeError.Code);
            return new ChargeResult(ChargeStatus.Declined, e.StripeError.PaymentIntent?.Id ?? "", DeclineReason: e.StripeError.DeclineCode ?? e.StripeError.Code);
        }
    }

    public Task RefundAsync(string paymentId, string idempotencyKey, CancellationToken cancellationToken = default) =>
        _refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = paymentId }, new RequestOptions { IdempotencyKey = idempotencyKey }, cancellationToken);

    public async Task CancelAsync(string paymentId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        try
        {
            await _intents.CancelAsync(paymentId, new PaymentIntentCancelOptions { CancellationReason = "abandoned" }, new RequestOptions { IdempotencyKey = idempotencyKey }, cancellationToken);
        }
        catch (StripeException e) when (e.StripeError?.Code == "payment_intent_unexpected_state")
        {
            // It completed meanwhile: its succeeded webhook reaches the expired ticket, which refunds it.
            LogCancelTooLate(paymentId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe declined the payment for ticket {TicketId}: {Reason}")]
    private partial void LogDeclined(string ticketId, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe payment {PaymentId} could not be canceled: it is no longer pending")]
    private partial void LogCancelTooLate(string paymentId);
}
