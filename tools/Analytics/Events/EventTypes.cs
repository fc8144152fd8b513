namespace Spaces.Analytics.Events;

/// <summary>
/// The <c>type</c> values the job counts by (the DuckDB <c>events.type</c> column; README lists them all). The others
/// are made from the contract's enums: <c>space.{change}</c>, <c>stage.{action}</c>, <c>ledger.{kind}</c>.
/// </summary>
public static class EventTypes
{
    public const string Presence = "presence";
    public const string Reactions = "reactions";
    public const string TicketSold = "ticket.sold";
    public const string TicketRefunded = "ticket.refunded";
    public const string ReminderSet = "reminder.set";
    public const string ReminderRemoved = "reminder.removed";
    public const string NotificationSent = "notification.sent";
}
