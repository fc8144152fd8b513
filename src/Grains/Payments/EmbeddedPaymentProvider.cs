using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Spaces.Grains.Payments;

/// <summary>
/// The default provider: moves no real money, answers deterministically (payment ids follow from idempotency
/// keys), declines or holds the buyers <see cref="EmbeddedPaymentOptions"/> names, and counts what it did so
/// tests can prove that nothing was charged twice.
/// </summary>
public sealed partial class EmbeddedPaymentProvider(
    IOptions<PaymentsOptions> options,
    TimeProvider time,
    ILogger<EmbeddedPaymentProvider> logger) : IPaymentProvider
{
    private readonly EmbeddedPaymentOptions _script = options.Value.Embedded;
    private readonly ConcurrentDictionary<string, Lazy<ChargeResult>> _charges = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _refunds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _cancellations = new(StringComparer.Ordinal);
    private int _succeeded;

    /// <summary>Charges that took money (a repeated idempotency key is not a new charge).</summary>
    public int SucceededCharges => Volatile.Read(ref _succeeded);

    /// <summary>The payments refunded, by payment id.</summary>
    public IReadOnlyCollection<string> RefundedPayments => [.. _refunds.Values];

    /// <summary>The pending payments called off, by payment id.</summary>
    public IReadOnlyCollection<string> CanceledPayments => [.. _cancellations.Values];

    public async Task<ChargeResult> ChargeAsync(ChargeRequest charge, CancellationToken cancellationToken = default)
    {
        if (_script.Latency > TimeSpan.Zero)
        {
            await Task.Delay(_script.Latency, time, cancellationToken);
        }

        // Lazy: two racing requests with one key settle on one outcome, decided once.
        return _charges.GetOrAdd(charge.IdempotencyKey, key => new Lazy<ChargeResult>(() => Decide(key, charge))).Value;
    }

    public Task RefundAsync(string paymentId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        if (_refunds.TryAdd(idempotencyKey, paymentId))
        {
            LogRefunded(paymentId);
        }

        return Task.CompletedTask;
    }

    public Task CancelAsync(string paymentId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        _cancellations.TryAdd(idempotencyKey, paymentId);
        return Task.CompletedTask;
    }

    private ChargeResult Decide(string idempotencyKey, ChargeRequest charge)
    {
        var paymentId = $"pi_embedded_{idempotencyKey}";
        if (_script.DeclinedBuyers.Contains(charge.BuyerId))
        {
            LogDeclined(charge.TicketId, charge.BuyerId);
            return new ChargeResult(ChargeStatus.Declined, paymentId, DeclineReason: "card_declined");
        }

        if (_script.PendingBuyers.Contains(charge.BuyerId))
        {
            return new ChargeResult(ChargeStatus.Pending, paymentId, ClientSecret: $"{paymentId}_secret");
        }

        Interlocked.Increment(ref _succeeded);
        LogCharged(charge.TicketId, charge.Amount, charge.Currency);
        return new ChargeResult(ChargeStatus.Succeeded, paymentId);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Embedded payment: charged {Amount} {Currency} for ticket {TicketId}")]
    private partial void LogCharged(string ticketId, long amount, string currency);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded payment: declined ticket {TicketId} of buyer {BuyerId}")]
    private partial void LogDeclined(string ticketId, string buyerId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Embedded payment: refunded {PaymentId}")]
    private partial void LogRefunded(string paymentId);
}
