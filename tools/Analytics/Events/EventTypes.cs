namespace Spaces.Analytics.Events;

/// <summary>The <c>type</c> values the job writes (the DuckDB <c>events.type</c> column; README lists them).</summary>
public static class EventTypes
{
    public const string Presence = "presence";
    public const string Reactions = "reactions";
    public const string TicketSold = "ticket.sold";
    public const string TicketRefunded = "ticket.refunded";
    public const string ReminderSet = "reminder.set";
    public const string ReminderRemoved = "reminder.removed";
}
