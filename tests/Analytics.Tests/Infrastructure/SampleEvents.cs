namespace Spaces.Analytics.Tests.Infrastructure;

/// <summary>Contract events made by hand, for the tests that put a known set on the streams.</summary>
public static class SampleEvents
{
    public static string NewSpaceId() => Guid.NewGuid().ToString("N")[..Ids.SpaceIdLength];

    public static SpaceLifecycleEvent Lifecycle(string spaceId, long seq, DateTimeOffset at, LifecycleChange change, string hostId, int peak = 0) => new()
    {
        EventId = $"{spaceId}/{seq}", SpaceId = spaceId, Seq = seq, OccurredAt = at, ActorId = hostId,
        Change = change, CreatorId = hostId, Title = "Test Space", PeakListeners = peak,
        Reason = change is LifecycleChange.Ended ? EndReason.ByHost : null,
    };

    public static PresenceBatch Presence(string spaceId, long seq, DateTimeOffset at, string[] joined, string[] left, int listeners) => new()
    {
        EventId = $"{spaceId}/{seq}", SpaceId = spaceId, Seq = seq, OccurredAt = at, WindowStart = at.AddSeconds(-1),
        JoinedUserIds = joined, LeftUserIds = left, ListenerCount = listeners, ParticipantCount = listeners + 1,
    };

    public static ReminderEvent Reminder(string spaceId, long seq, DateTimeOffset at, string userId) => new()
    {
        EventId = $"{spaceId}/{seq}", SpaceId = spaceId, Seq = seq, OccurredAt = at, ActorId = userId, UserId = userId, IsSet = true,
    };

    public static TicketSaleEvent Sale(string spaceId, string ticketId, DateTimeOffset at, string buyerId, long price) => new()
    {
        EventId = $"{ticketId}:sale", SpaceId = spaceId, OccurredAt = at, ActorId = buyerId, TicketId = ticketId, Currency = "USD", Price = price,
    };

    public static TicketRefundEvent Refund(string spaceId, string ticketId, DateTimeOffset at, string buyerId, long amount) => new()
    {
        EventId = $"{ticketId}:refund", SpaceId = spaceId, OccurredAt = at, TicketId = ticketId, Currency = "USD", BuyerId = buyerId, Amount = amount,
    };

    public static LedgerEntryEvent Ledger(string spaceId, string ticketId, DateTimeOffset at, string hostId, LedgerEntryKind kind, long amount) => new()
    {
        EventId = $"{ticketId}:ledger-{kind}", SpaceId = spaceId, OccurredAt = at, TicketId = ticketId, Currency = "USD", HostId = hostId, Kind = kind, Amount = amount,
    };
}
