using Spaces.Contracts;
using Spaces.Contracts.Analytics;

namespace Spaces.Grains.Tickets;

/// <summary>
/// A box office's analytics events: the sale or refund and its ledger entries, recorded into the outbox in the
/// record before the write and published after it. Their ids come from the ticket (<c>{ticket_id}:sold</c>,
/// <c>{ticket_id}:refunded</c>, the ledger entry's id), so a redelivery repeats the id.
/// </summary>
internal sealed partial class BoxOfficeGrain
{
    private void RecordForAnalytics(TicketEvent ticketEvent, IReadOnlyList<LedgerEntry> entries)
    {
        if (!analytics.Enabled)
        {
            return;
        }

        analytics.Add(Box.Analytics, ticketEvent switch
        {
            TicketSold sold => new TicketSaleEvent
            {
                EventId = $"{sold.TicketId}:sold", SpaceId = SpaceId, OccurredAt = sold.At, ActorId = sold.BuyerId,
                TicketId = sold.TicketId, Currency = sold.Currency, Price = sold.Price, Sold = sold.Sold,
            },
            TicketRefunded refunded => new TicketRefundEvent
            {
                EventId = $"{refunded.TicketId}:refunded", SpaceId = SpaceId, OccurredAt = refunded.At,
                TicketId = refunded.TicketId, Currency = refunded.Currency, BuyerId = refunded.BuyerId, Amount = refunded.Price,
                SpaceCanceled = refunded.SpaceCanceled,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(ticketEvent), ticketEvent.GetType().Name, "Not a ticket sale or refund."),
        });
        foreach (var entry in entries)
        {
            analytics.Add(Box.Analytics, new LedgerEntryEvent
            {
                EventId = entry.Id, SpaceId = SpaceId, OccurredAt = entry.At,
                TicketId = entry.TicketId, Currency = entry.Currency, HostId = Box.HostId, Kind = entry.Kind, Amount = entry.Amount,
            });
        }

        Effects.Add(() => analytics.PublishAsync(Box.Analytics));
    }
}
