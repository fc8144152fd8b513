using Spaces.Analytics.Events;
using Spaces.Contracts.Analytics;

namespace Spaces.Analytics.Aggregation;

/// <summary>What the job has counted for one Space so far (not thread-safe: <see cref="AnalyticsAggregator"/> locks).</summary>
internal sealed class SpaceTally(string spaceId)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly HashSet<string> _present = [];
    private readonly Queue<(DateTimeOffset At, int Joins)> _recentJoins = new();
    private readonly Queue<(DateTimeOffset At, string Emoji, int Count)> _recentReactions = new();
    private readonly Dictionary<string, long> _reactionsByEmoji = [];

    public string SpaceId { get; } = spaceId;

    /// <summary><c>null</c> until a lifecycle event says.</summary>
    public bool? Live { get; private set; }

    public int CurrentListeners { get; private set; }

    public int PeakListeners { get; private set; }

    public long TotalJoins { get; private set; }

    public long StageChanges { get; private set; }

    public long Reactions { get; private set; }

    public long TicketsSold { get; private set; }

    public long TicketsRefunded { get; private set; }

    /// <summary>What buyers paid minus what was refunded to them, in minor units, before the platform's fee.</summary>
    public long GrossRevenue { get; private set; }

    public string? Currency { get; private set; }

    public void Apply(EventRow e)
    {
        switch (e.Family)
        {
            case AnalyticsFamily.Lifecycle:
                Live = e.Live ?? Live;
                // The Space saw every join, even two within one batch window: its peak is the truth when it says.
                PeakListeners = Math.Max(PeakListeners, e.PeakListeners ?? 0);
                break;
            case AnalyticsFamily.Presence:
                ApplyPresence(e);
                break;
            case AnalyticsFamily.Stage:
                StageChanges++;
                break;
            case AnalyticsFamily.Reactions:
                foreach (var (emoji, count) in e.Reactions)
                {
                    Reactions += count;
                    _reactionsByEmoji[emoji] = _reactionsByEmoji.GetValueOrDefault(emoji) + count;
                    _recentReactions.Enqueue((e.OccurredAt, emoji, count));
                }

                break;
            case AnalyticsFamily.Tickets when e.Type == EventTypes.TicketSold:
                TicketsSold++;
                GrossRevenue += e.AmountMinor ?? 0;
                Currency ??= e.Currency;
                break;
            case AnalyticsFamily.Tickets when e.Type == EventTypes.TicketRefunded:
                TicketsRefunded++;
                GrossRevenue -= e.AmountMinor ?? 0;
                break;
        }
    }

    /// <summary>Joins in the minute before <paramref name="now"/> (by when they happened).</summary>
    public int JoinsInLastMinute(DateTimeOffset now)
    {
        Prune(_recentJoins, now, j => j.At);
        return _recentJoins.Sum(j => j.Joins);
    }

    /// <summary>Reactions per emoji in the minute before <paramref name="now"/>.</summary>
    public IReadOnlyDictionary<string, int> ReactionsInLastMinute(DateTimeOffset now)
    {
        Prune(_recentReactions, now, r => r.At);
        return _recentReactions.GroupBy(r => r.Emoji).ToDictionary(g => g.Key, g => g.Sum(r => r.Count));
    }

    public IReadOnlyDictionary<string, long> ReactionsByEmoji => _reactionsByEmoji;

    private void ApplyPresence(EventRow e)
    {
        TotalJoins += e.Joined.Count;
        if (e.Joined.Count > 0)
        {
            _recentJoins.Enqueue((e.OccurredAt, e.Joined.Count));
        }

        _present.UnionWith(e.Joined);
        _present.ExceptWith(e.Left);
        // The grain's count is the truth when the batch carries it; the job's own set when it does not.
        CurrentListeners = e.Listeners ?? _present.Count;
        PeakListeners = Math.Max(PeakListeners, CurrentListeners);
    }

    private static void Prune<T>(Queue<T> window, DateTimeOffset now, Func<T, DateTimeOffset> at)
    {
        while (window.TryPeek(out var oldest) && now - at(oldest) > Minute)
        {
            window.Dequeue();
        }
    }
}
