using Microsoft.Extensions.Logging;
using Spaces.Contracts;
using Spaces.Grains.Payments;
using Spaces.Grains.Turns;

namespace Spaces.Grains.Tickets;

/// <summary>
/// One ticket (keyed by <see cref="TicketIds.For"/>): reserve at the box office, persist, charge, then confirm or
/// release. The slow charge runs in this grain's turn, never in the box office's, so purchases proceed in
/// parallel; and a retry of the same purchase queues behind the first here and gets its outcome.
/// </summary>
internal sealed partial class TicketGrain(
    [PersistentState("ticket", StorageNames.Spaces)] IPersistentState<TicketRecord> record,
    IPaymentProvider payments,
    TimeProvider time,
    ILogger<TicketGrain> logger) : CommittingGrain(record, logger), ITicketGrain
{
    private TicketRecord Ticket => record.State;

    private string TicketId => this.GetPrimaryKeyString();

    private IBoxOfficeGrain BoxOffice => GrainFactory.GetGrain<IBoxOfficeGrain>(Ticket.SpaceId);

    public async Task<TicketDetails> PurchaseAsync(TicketPurchase purchase)
    {
        if (!Ticket.Exists)
        {
            // Refusals (sold out, sales over, ...) store nothing: the same key may try again later.
            var reservation = await GrainFactory.GetGrain<IBoxOfficeGrain>(purchase.SpaceId).ReserveAsync(TicketId, purchase.BuyerId);
            Ticket.Exists = true;
            Ticket.SpaceId = purchase.SpaceId;
            Ticket.BuyerId = purchase.BuyerId;
            Ticket.HostId = reservation.HostId;
            Ticket.Price = reservation.Price;
            Ticket.Currency = reservation.Currency;
            Ticket.CreatedAt = time.GetUtcNow();
            Ticket.State = TicketState.Pending;
            // Stored before the charge (architecture rule 5): whatever happens next, this ticket knows it may owe a refund.
            await SaveAsync();
        }

        if (Ticket.State == TicketState.Pending)
        {
            // Also on a retry: the provider answers the same idempotency key with the same payment.
            await ChargeAsync(purchase.PaymentMethod);
        }
        else if (Ticket.State == TicketState.Paid)
        {
            // A retry also heals an admission the Space missed (it is idempotent).
            await AdmitToSpaceAsync();
        }

        return Ticket.State switch
        {
            TicketState.Declined => throw SpacesException.PaymentRequired(ErrorCodes.PaymentDeclined, "The payment was declined; buy again with another Idempotency-Key."),
            TicketState.Expired => throw SpacesException.Conflict(ErrorCodes.ReservationExpired, "The payment did not complete in time and the seat was released."),
            _ => Details(),
        };
    }

    public async Task<TicketDetails> RefundAsync(string actorId, bool actorIsAdmin)
    {
        if (!Ticket.Exists)
        {
            throw SpacesException.NotFound(ErrorCodes.TicketNotFound, $"No ticket has the id {TicketId}.");
        }

        if (actorId != Ticket.HostId && !actorIsAdmin)
        {
            throw SpacesException.Forbidden(ErrorCodes.HostOrAdminOnly, "Only the host of the Space or an admin may refund a ticket.");
        }

        if (Ticket.State == TicketState.Paid)
        {
            await BoxOffice.RevokeAsync(TicketId);
            await MarkRefundPendingAsync();
            await GrainFactory.GetGrain<ISpaceTicketGate>(Ticket.SpaceId).RevokeTicketHolderAsync(Ticket.BuyerId, TicketId);
        }

        if (Ticket.State == TicketState.RefundPending)
        {
            await PayBackAsync();
        }

        return Ticket.State == TicketState.Refunded
            ? Details()
            : throw SpacesException.Conflict(ErrorCodes.TicketNotRefundable, $"A {Ticket.State.ToString().ToLowerInvariant()} ticket cannot be refunded.");
    }

    public async Task ApplyPaymentUpdateAsync(PaymentUpdate update)
    {
        switch (Ticket.State, update.Outcome)
        {
            case (TicketState.Pending, PaymentOutcome.Succeeded):
                await ConfirmAsync(update.PaymentId);
                break;
            case (TicketState.Pending, PaymentOutcome.Failed):
                await DeclineAsync(update.PaymentId);
                break;
            case (TicketState.Expired, PaymentOutcome.Succeeded):
                // Paid after the seat was given away: the money goes back.
                await payments.RefundAsync(update.PaymentId, RefundKey);
                break;
        }
    }

    public async Task ExpireAsync()
    {
        if (Ticket.State != TicketState.Pending)
        {
            return;
        }

        Ticket.State = TicketState.Expired;
        if (Ticket.PaymentId is { } paymentId)
        {
            Effects.Add(() => payments.CancelAsync(paymentId, $"cancel-{TicketId}"));
        }

        await SaveAsync();
        LogExpired(TicketId);
    }

    public async Task CompleteRefundAsync()
    {
        if (Ticket.State == TicketState.Paid)
        {
            await MarkRefundPendingAsync();
        }

        if (Ticket.State == TicketState.RefundPending)
        {
            await PayBackAsync();
        }
    }

    private string RefundKey => $"refund-{TicketId}";

    private async Task ChargeAsync(string? paymentMethod)
    {
        var charge = new ChargeRequest($"ticket-{TicketId}", TicketId, Ticket.SpaceId, Ticket.BuyerId, Ticket.Price, Ticket.Currency, paymentMethod);
        var result = await payments.ChargeAsync(charge);
        switch (result.Status)
        {
            case ChargeStatus.Succeeded:
                await ConfirmAsync(result.PaymentId);
                break;
            case ChargeStatus.Declined:
                LogDeclined(TicketId, result.DeclineReason);
                await DeclineAsync(result.PaymentId);
                break;
            case ChargeStatus.Pending:
                Ticket.PaymentId = result.PaymentId;
                Ticket.PaymentClientSecret = result.ClientSecret;
                await SaveAsync();
                break;
        }
    }

    private async Task ConfirmAsync(string paymentId)
    {
        Ticket.PaymentId = paymentId;
        if (!await BoxOffice.ConfirmAsync(TicketId, paymentId))
        {
            // The reservation timed out (or the Space was canceled) while the buyer paid: no seat, so no charge.
            Ticket.State = TicketState.Expired;
            Effects.Add(() => payments.RefundAsync(paymentId, RefundKey));
            await SaveAsync();
            LogExpired(TicketId);
            return;
        }

        Ticket.State = TicketState.Paid;
        Ticket.PaidAt = time.GetUtcNow();
        Ticket.PaymentClientSecret = null;
        Effects.Add(AdmitToSpaceAsync);
        await SaveAsync();
    }

    private Task AdmitToSpaceAsync() => GrainFactory.GetGrain<ISpaceTicketGate>(Ticket.SpaceId).AdmitTicketHolderAsync(Ticket.BuyerId, TicketId);

    private async Task DeclineAsync(string paymentId)
    {
        Ticket.PaymentId = paymentId;
        Ticket.State = TicketState.Declined;
        Ticket.PaymentClientSecret = null;
        Effects.Add(() => BoxOffice.ReleaseAsync(TicketId));
        await SaveAsync();
    }

    private async Task MarkRefundPendingAsync()
    {
        Ticket.State = TicketState.RefundPending;
        Ticket.RefundedAt = time.GetUtcNow();
        await SaveAsync();
    }

    /// <summary>Access is already gone; now the money. A provider failure leaves the ticket refund-pending, for a retry.</summary>
    private async Task PayBackAsync()
    {
        await payments.RefundAsync(Ticket.PaymentId!, RefundKey);
        Ticket.State = TicketState.Refunded;
        await SaveAsync();
        LogRefunded(TicketId, Ticket.Price, Ticket.Currency);
    }

    /// <summary>Stores the ticket, then tells the buyer's wallet (which lists it under "my tickets") and releases the other follow-ups.</summary>
    private Task SaveAsync()
    {
        var details = Details();
        var wallet = GrainFactory.GetGrain<ITicketWalletGrain>(Ticket.BuyerId);
        Effects.Add(() => wallet.RecordAsync(details));
        return CommitAsync();
    }

    private TicketDetails Details() => new()
    {
        Id = TicketId,
        SpaceId = Ticket.SpaceId,
        BuyerId = Ticket.BuyerId,
        State = Ticket.State,
        Price = Ticket.Price,
        Currency = Ticket.Currency,
        CreatedAt = Ticket.CreatedAt,
        PaidAt = Ticket.PaidAt,
        RefundedAt = Ticket.RefundedAt,
        PaymentClientSecret = Ticket.PaymentClientSecret,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId}: payment declined ({Reason})")]
    private partial void LogDeclined(string ticketId, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId}: reservation expired before the payment completed")]
    private partial void LogExpired(string ticketId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId}: refunded {Price} {Currency}")]
    private partial void LogRefunded(string ticketId, long price, string currency);
}

/// <summary>What a ticket persists.</summary>
[GenerateSerializer]
public sealed class TicketRecord
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string SpaceId { get; set; } = "";
    [Id(2)] public string BuyerId { get; set; } = "";
    [Id(3)] public string HostId { get; set; } = "";
    [Id(4)] public long Price { get; set; }
    [Id(5)] public string Currency { get; set; } = "";
    [Id(6)] public TicketState State { get; set; }
    [Id(7)] public string? PaymentId { get; set; }
    [Id(8)] public string? PaymentClientSecret { get; set; }
    [Id(9)] public DateTimeOffset CreatedAt { get; set; }
    [Id(10)] public DateTimeOffset? PaidAt { get; set; }
    [Id(11)] public DateTimeOffset? RefundedAt { get; set; }
}
