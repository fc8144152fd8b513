using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spaces.Contracts;
using Spaces.Grains.Analytics;
using Spaces.Grains.Paging;
using Spaces.Grains.Turns;

namespace Spaces.Grains.Tickets;

/// <summary>
/// The single writer of one ticketed Space's seats: every reservation, sale and refund is decided in this grain's
/// turn, so capacity is never oversold. Turns are short (no payment call in them); reservations that are not
/// confirmed within <see cref="TicketOptions.ReservationTimeout"/> give their seat back.
/// </summary>
internal sealed partial class BoxOfficeGrain(
    [PersistentState("boxoffice", StorageNames.Spaces)] IPersistentState<BoxOfficeRecord> record,
    IOptions<TicketOptions> options,
    TimeProvider time,
    IEnumerable<ITicketEventSink> sinks,
    AnalyticsPublishing analytics,
    ILogger<BoxOfficeGrain> logger) : CommittingGrain(record, logger), IBoxOfficeGrain
{
    private readonly TicketOptions _options = options.Value;

    // Who holds a reservation or a paid ticket, buyer → ticket: derived from the record on activation.
    private readonly Dictionary<string, string> _ticketOfBuyer = new(StringComparer.Ordinal);
    private IGrainTimer? _expiryTimer;
    private DateTimeOffset? _expiryDue;

    private BoxOfficeRecord Box => record.State;

    private string SpaceId => this.GetPrimaryKeyString();

    private TicketTerms Terms => Box.Terms!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        IndexBuyers();
        ScheduleExpiry();
        // What a crash between a write and its publish left in the outbox goes out now.
        return analytics.PublishAsync(Box.Analytics);
    }

    protected override void OnStateReloaded() => IndexBuyers();

    public async Task OpenAsync(string hostId, TicketTerms terms)
    {
        if (Box.Terms is not null)
        {
            return;
        }

        Box.HostId = hostId;
        Box.Terms = terms;
        await CommitAsync();
    }

    public async Task<TicketReservation> ReserveAsync(string ticketId, string buyerId)
    {
        EnsureOpened();
        if (Box.Reservations.ContainsKey(ticketId) || Box.Paid.ContainsKey(ticketId))
        {
            return Reservation();
        }

        EnsureOnSale(buyerId);
        if (_ticketOfBuyer.TryGetValue(buyerId, out var held))
        {
            throw Box.Paid.ContainsKey(held)
                ? SpacesException.Conflict(ErrorCodes.TicketAlreadyHeld, "You already hold a ticket for this Space.")
                : SpacesException.Conflict(ErrorCodes.PurchaseInProgress, "Your other purchase of a ticket for this Space is still in progress.");
        }

        if (Box.Reservations.Count + Box.Paid.Count >= Terms.Capacity && await ReleaseExpiredAsync() == 0)
        {
            throw SpacesException.Conflict(ErrorCodes.SoldOut, $"All {Terms.Capacity} tickets are sold.");
        }

        var expiresAt = time.GetUtcNow() + _options.ReservationTimeout;
        Box.Reservations[ticketId] = new SeatReservation(buyerId, expiresAt);
        _ticketOfBuyer[buyerId] = ticketId;
        await CommitAsync();
        ScheduleExpiry(expiresAt);
        return Reservation();
    }

    public async Task<bool> ConfirmAsync(string ticketId, string paymentId)
    {
        EnsureOpened();
        if (Box.Paid.TryGetValue(ticketId, out var paid))
        {
            // A retried confirmation: the ledger ignores entries it has, and gets any it missed.
            await AppendToLedgerAsync(ticketId, paid, refunded: false);
            return true;
        }

        if (!Box.Reservations.Remove(ticketId, out var reservation))
        {
            return false;
        }

        var seat = new PaidSeat(reservation.BuyerId, paymentId, time.GetUtcNow(), ++Box.LastOrdinal);
        Box.Paid[ticketId] = seat;
        var sold = new TicketSold { SpaceId = SpaceId, TicketId = ticketId, BuyerId = seat.BuyerId, Price = Terms.Price, Currency = Terms.Currency, At = seat.PaidAt, Sold = Box.Paid.Count };
        RecordForAnalytics(sold, LedgerEntries(ticketId, seat, refunded: false));
        Effects.Add(() => AppendToLedgerAsync(ticketId, seat, refunded: false));
        Effects.Add(() => PublishAsync(sold));
        await CommitAsync();
        LogSold(SpaceId, ticketId, Box.Paid.Count, Terms.Capacity);
        return true;
    }

    public async Task ReleaseAsync(string ticketId)
    {
        if (Box.Reservations.Remove(ticketId, out var reservation))
        {
            _ticketOfBuyer.Remove(reservation.BuyerId);
            await CommitAsync();
        }
    }

    public async Task RevokeAsync(string ticketId)
    {
        if (Box.Paid.Remove(ticketId, out var seat))
        {
            _ticketOfBuyer.Remove(seat.BuyerId);
            Box.Refunded[ticketId] = seat;
            RecordRefund(ticketId, seat);
            await CommitAsync();
        }
        else if (Box.Refunded.TryGetValue(ticketId, out var refunded))
        {
            await AppendToLedgerAsync(ticketId, refunded, refunded: true);
        }
    }

    public async Task CloseSalesAsync()
    {
        if (Box.Terms is not null && !Box.SalesClosed)
        {
            Box.SalesClosed = true;
            await CommitAsync();
        }
    }

    public async Task RefundAllAsync()
    {
        if (Box.Terms is null || Box.SpaceCanceled)
        {
            return;
        }

        var paid = Box.Paid.ToList();
        var reserved = Box.Reservations.Keys.ToList();
        Box.SalesClosed = true;
        Box.SpaceCanceled = true;
        foreach (var (ticketId, seat) in paid)
        {
            Box.Refunded[ticketId] = seat;
        }

        Box.Paid.Clear();
        Box.Reservations.Clear();
        _ticketOfBuyer.Clear();
        foreach (var (ticketId, seat) in paid)
        {
            RecordRefund(ticketId, seat);
            // One-way: the money goes back in each ticket's own turn, not in this one.
            Effects.Add(() => GrainFactory.GetGrain<ITicketGrain>(ticketId).CompleteRefundAsync());
        }

        foreach (var ticketId in reserved)
        {
            Effects.Add(() => GrainFactory.GetGrain<ITicketGrain>(ticketId).ExpireAsync());
        }

        await CommitAsync();
        LogRefundingAll(SpaceId, paid.Count, reserved.Count);
    }

    public Task<IReadOnlyDictionary<string, string>> GetHoldersAsync()
    {
        IReadOnlyDictionary<string, string> holders = Box.Paid.ToDictionary(p => p.Value.BuyerId, p => p.Key, StringComparer.Ordinal);
        return Task.FromResult(holders);
    }

    public Task<BuyersPage> GetBuyersAsync(string actorId, long? cursor, int? limit)
    {
        EnsureOpened();
        EnsureHost(actorId);
        var pageSize = PageRequest.Size(limit, _options.DefaultBuyersPageSize, _options.MaxBuyersPageSize);
        var afterOrdinal = PageRequest.After(cursor);
        var after = Box.Paid.Where(p => p.Value.Ordinal > afterOrdinal).OrderBy(p => p.Value.Ordinal).Take(pageSize + 1).ToList();
        var page = after.Take(pageSize).ToList();
        var next = after.Count > pageSize ? page[^1].Value.Ordinal : (long?)null;
        return Task.FromResult(new BuyersPage(SpaceId, Box.Paid.Count, [.. page.Select(p => new Buyer(p.Value.BuyerId, p.Key, p.Value.PaidAt))], next));
    }

    public Task<Earnings> GetEarningsAsync(string actorId)
    {
        EnsureOpened();
        EnsureHost(actorId);
        return Ledger.GetEarningsAsync(SpaceId, Terms.Currency);
    }

    private IEarningsLedgerGrain Ledger => GrainFactory.GetGrain<IEarningsLedgerGrain>(Box.HostId);

    private TicketReservation Reservation() => new(Box.HostId, Terms.Price, Terms.Currency);

    private void EnsureOpened()
    {
        if (Box.Terms is null)
        {
            throw SpacesException.Conflict(ErrorCodes.NotTicketed, "This Space sells no tickets.");
        }
    }

    private void EnsureHost(string actorId)
    {
        if (actorId != Box.HostId)
        {
            throw SpacesException.Forbidden(ErrorCodes.HostOnly, "Only the host may see this.");
        }
    }

    private void EnsureOnSale(string buyerId)
    {
        if (Box.SpaceCanceled || Box.SalesClosed)
        {
            throw SpacesException.Conflict(ErrorCodes.SpaceEnded, $"The Space is {(Box.SpaceCanceled ? "canceled" : "over")}: tickets are no longer sold.");
        }

        if (Terms.SalesEnd <= time.GetUtcNow())
        {
            throw SpacesException.Conflict(ErrorCodes.SalesEnded, $"Ticket sales ended at {Terms.SalesEnd:O}.");
        }

        if (buyerId == Box.HostId)
        {
            throw SpacesException.Conflict(ErrorCodes.HostNeedsNoTicket, "The host needs no ticket for their own Space.");
        }
    }

    /// <summary>The follow-ups of a refund, released once it is stored: the ledger entries, then the analytics event.</summary>
    private void RecordRefund(string ticketId, PaidSeat seat)
    {
        var refunded = new TicketRefunded
        {
            SpaceId = SpaceId, TicketId = ticketId, BuyerId = seat.BuyerId, Price = Terms.Price, Currency = Terms.Currency, At = time.GetUtcNow(),
            SpaceCanceled = Box.SpaceCanceled,
        };
        RecordForAnalytics(refunded, LedgerEntries(ticketId, seat, refunded: true));
        Effects.Add(() => AppendToLedgerAsync(ticketId, seat, refunded: true));
        Effects.Add(() => PublishAsync(refunded));
        Effects.Add(() => LogRefunded(SpaceId, ticketId));
    }

    /// <summary>A sale books +price and −fee; its refund books −price and +fee. Entry ids make replays harmless.</summary>
    private Task AppendToLedgerAsync(string ticketId, PaidSeat seat, bool refunded) => Ledger.AppendAsync(LedgerEntries(ticketId, seat, refunded));

    private LedgerEntry[] LedgerEntries(string ticketId, PaidSeat seat, bool refunded)
    {
        var fee = PlatformFee.Of(Terms.Price, _options.PlatformFeePercent);
        var at = refunded ? time.GetUtcNow() : seat.PaidAt;
        LedgerEntry Entry(LedgerEntryKind kind, long amount) => new($"{ticketId}:{kind}", SpaceId, ticketId, kind, amount, Terms.Currency, at);
        return refunded
            ? [Entry(LedgerEntryKind.Refund, -Terms.Price), Entry(LedgerEntryKind.PlatformFeeReversal, fee)]
            : [Entry(LedgerEntryKind.Sale, Terms.Price), Entry(LedgerEntryKind.PlatformFee, -fee)];
    }

    private async Task PublishAsync(TicketEvent ticketEvent)
    {
        foreach (var sink in sinks)
        {
            await sink.OnTicketEventAsync(ticketEvent);
        }
    }

    /// <summary>Gives back the seats of reservations past their time; their tickets call off the payment.</summary>
    private async Task<int> ReleaseExpiredAsync()
    {
        var now = time.GetUtcNow();
        var expired = Box.Reservations.Where(r => r.Value.ExpiresAt <= now).ToList();
        if (expired.Count == 0)
        {
            return 0;
        }

        foreach (var (ticketId, reservation) in expired)
        {
            Box.Reservations.Remove(ticketId);
            _ticketOfBuyer.Remove(reservation.BuyerId);
        }

        foreach (var (ticketId, _) in expired)
        {
            Effects.Add(() => GrainFactory.GetGrain<ITicketGrain>(ticketId).ExpireAsync());
        }

        await CommitAsync();
        LogExpired(SpaceId, expired.Count);
        return expired.Count;
    }

    /// <summary>Arms the timer for the earliest reservation (or <paramref name="candidate"/> when it is earlier than the armed one).</summary>
    private void ScheduleExpiry(DateTimeOffset? candidate = null)
    {
        var due = candidate ?? (Box.Reservations.Count > 0 ? Box.Reservations.Values.Min(r => r.ExpiresAt) : null);
        if (due is null || _expiryDue <= due)
        {
            return;
        }

        _expiryTimer?.Dispose();
        _expiryDue = due;
        var wait = due.Value - time.GetUtcNow();
        // KeepAlive: a box office holding seats stays active until they are confirmed or given back.
        _expiryTimer = this.RegisterGrainTimer(
            _ => RunTurnAsync(OnExpiryDueAsync), new GrainTimerCreationOptions(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task OnExpiryDueAsync()
    {
        _expiryTimer?.Dispose();
        _expiryTimer = null;
        _expiryDue = null;
        await ReleaseExpiredAsync();
        ScheduleExpiry();
    }

    /// <summary>Who holds a reservation or a paid ticket, derived from the record.</summary>
    private void IndexBuyers()
    {
        _ticketOfBuyer.Clear();
        foreach (var (ticketId, reservation) in Box.Reservations)
        {
            _ticketOfBuyer[reservation.BuyerId] = ticketId;
        }

        foreach (var (ticketId, seat) in Box.Paid)
        {
            _ticketOfBuyer[seat.BuyerId] = ticketId;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Space {SpaceId}: ticket {TicketId} sold ({Sold}/{Capacity})")]
    private partial void LogSold(string spaceId, string ticketId, int sold, int capacity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Space {SpaceId}: ticket {TicketId} refunded")]
    private partial void LogRefunded(string spaceId, string ticketId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Space {SpaceId}: {Count} unpaid reservations timed out")]
    private partial void LogExpired(string spaceId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Space {SpaceId} canceled: refunding {Paid} tickets, releasing {Reserved} reservations")]
    private partial void LogRefundingAll(string spaceId, int paid, int reserved);
}

/// <summary>What a box office persists: terms, and the seats of its Space (bounded by capacity, plus refunded tickets).</summary>
[GenerateSerializer]
public sealed class BoxOfficeRecord
{
    [Id(0)] public string HostId { get; set; } = "";
    [Id(1)] public TicketTerms? Terms { get; set; }
    [Id(2)] public bool SalesClosed { get; set; }
    [Id(3)] public bool SpaceCanceled { get; set; }

    /// <summary>Unpaid seats, by ticket id.</summary>
    [Id(4)] public Dictionary<string, SeatReservation> Reservations { get; set; } = [];

    /// <summary>Paid seats, by ticket id.</summary>
    [Id(5)] public Dictionary<string, PaidSeat> Paid { get; set; } = [];

    /// <summary>Refunded tickets, by ticket id, so a retried refund still reaches the ledger.</summary>
    [Id(6)] public Dictionary<string, PaidSeat> Refunded { get; set; } = [];

    /// <summary>The last purchase order number handed out; buyers are paged by it.</summary>
    [Id(7)] public long LastOrdinal { get; set; }

    /// <summary>Ticket and ledger analytics events waiting to be published (stored with the sale or refund).</summary>
    [Id(8)] public AnalyticsOutbox Analytics { get; set; } = new();
}

[GenerateSerializer, Immutable]
public sealed record SeatReservation([property: Id(0)] string BuyerId, [property: Id(1)] DateTimeOffset ExpiresAt);

[GenerateSerializer, Immutable]
public sealed record PaidSeat(
    [property: Id(0)] string BuyerId,
    [property: Id(1)] string PaymentId,
    [property: Id(2)] DateTimeOffset PaidAt,
    [property: Id(3)] long Ordinal);
