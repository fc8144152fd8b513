namespace Spaces.Grains.Payments;

/// <summary>
/// The payment provider as the ticket grains drive it. Every call carries an idempotency key: the provider
/// answers a repeated key with the first outcome and moves money once.
/// </summary>
public interface IPaymentProvider
{
    Task<ChargeResult> ChargeAsync(ChargeRequest charge, CancellationToken cancellationToken = default);

    Task RefundAsync(string paymentId, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Calls off a payment that has not completed (the buyer walked away).</summary>
    Task CancelAsync(string paymentId, string idempotencyKey, CancellationToken cancellationToken = default);
}

/// <summary>One ticket's charge. <see cref="Amount"/> in minor units; <see cref="PaymentMethod"/> a provider id, when the buyer gave one.</summary>
public sealed record ChargeRequest(
    string IdempotencyKey,
    string TicketId,
    string SpaceId,
    string BuyerId,
    long Amount,
    string Currency,
    string? PaymentMethod);

public enum ChargeStatus
{
    Succeeded,
    Declined,

    /// <summary>Not finished: the buyer still has to confirm (e.g. 3-D Secure); the provider's webhook tells the outcome.</summary>
    Pending,
}

/// <summary>What the provider said. <see cref="ClientSecret"/> lets the buyer's app finish a pending payment.</summary>
public sealed record ChargeResult(ChargeStatus Status, string PaymentId, string? ClientSecret = null, string? DeclineReason = null);
