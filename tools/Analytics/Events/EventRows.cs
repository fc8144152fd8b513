using System.Text.Json;
using Spaces.Contracts.Analytics;

namespace Spaces.Analytics.Events;

/// <summary>Turns each contract record into the <see cref="EventRow"/> the job counts and stores (README lists the types).</summary>
public static class EventRows
{
    public static EventRow From(AnalyticsEvent e)
    {
        var row = new EventRow(e.EventId, e.SpaceId, e.Seq == 0 ? null : e.Seq, e.OccurredAt, e.Family, TypeOf(e), e.ActorId);
        return e switch
        {
            SpaceLifecycleEvent lifecycle => row with
            {
                Live = lifecycle.Change switch
                {
                    LifecycleChange.Started => true,
                    // Created without a start time means live at once; a scheduled one is not live yet.
                    LifecycleChange.Created => lifecycle.ScheduledStart is null ? true : null,
                    LifecycleChange.Ended or LifecycleChange.Canceled => false,
                    _ => null,
                },
                Detail = lifecycle.Reason is { } reason ? Snake(reason) : null,
                HostId = lifecycle.CreatorId,
                PeakListeners = lifecycle.PeakListeners,
            },
            PresenceBatch presence => row with
            {
                Joined = presence.JoinedUserIds,
                Left = presence.LeftUserIds,
                Listeners = presence.ListenerCount,
            },
            StageEvent stage => row with { SubjectId = stage.UserId },
            ReactionBatch reactions => row with
            {
                Reactions = reactions.Counts.GroupBy(c => c.Emoji).ToDictionary(g => g.Key, g => g.Sum(c => c.Count)),
            },
            ReminderEvent reminder => row with { SubjectId = reminder.UserId },
            NotificationEvent notification => row with { SubjectId = notification.RecipientUserId, Detail = Snake(notification.Kind) },
            TicketSaleEvent sale => row with { TicketId = sale.TicketId, AmountMinor = sale.Price, Currency = sale.Currency },
            TicketRefundEvent refund => row with
            {
                TicketId = refund.TicketId, AmountMinor = refund.Amount, Currency = refund.Currency, SubjectId = refund.BuyerId,
                Detail = refund.SpaceCanceled ? "space_canceled" : null,
            },
            LedgerEntryEvent ledger => row with { TicketId = ledger.TicketId, AmountMinor = ledger.Amount, Currency = ledger.Currency, HostId = ledger.HostId },
            _ => row,
        };
    }

    /// <summary>The <c>type</c> column: the family's change in snake_case, e.g. <c>space.ended</c>, <c>stage.hand_raised</c>.</summary>
    private static string TypeOf(AnalyticsEvent e) => e switch
    {
        SpaceLifecycleEvent lifecycle => $"space.{Snake(lifecycle.Change)}",
        PresenceBatch => EventTypes.Presence,
        StageEvent stage => $"stage.{Snake(stage.Action)}",
        ReactionBatch => EventTypes.Reactions,
        ReminderEvent reminder => reminder.IsSet ? EventTypes.ReminderSet : EventTypes.ReminderRemoved,
        NotificationEvent => EventTypes.NotificationSent,
        TicketSaleEvent => EventTypes.TicketSold,
        TicketRefundEvent => EventTypes.TicketRefunded,
        LedgerEntryEvent ledger => $"ledger.{Snake(ledger.Kind)}",
        // A family added after this release: stored under its record's name, counted as nothing.
        _ => Snake(e.GetType().Name),
    };

    private static string Snake<T>(T value) where T : notnull => Snake(value.ToString()!);

    private static string Snake(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
