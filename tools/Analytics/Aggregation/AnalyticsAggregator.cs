using Spaces.Analytics.Events;

namespace Spaces.Analytics.Aggregation;

/// <summary>
/// The job's counting: drops an event whose id was seen before (streams deliver at least once), tallies the rest per
/// Space, and answers the live table and the summary. Safe to call from concurrent stream callbacks.
/// </summary>
public sealed class AnalyticsAggregator
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _seen = [];
    private readonly Dictionary<string, SpaceTally> _spaces = [];
    private long _eventsTotal;
    private long _duplicatesDropped;

    /// <summary>
    /// Counts <paramref name="e"/> unless its id was seen before; <c>false</c> for a repeat, which adds to
    /// <c>duplicates_dropped</c> when <paramref name="countDuplicate"/> (a stream redelivery, not an archive overlap).
    /// </summary>
    public bool Accept(EventRow e, bool countDuplicate = true)
    {
        lock (_gate)
        {
            if (!_seen.Add(e.EventId))
            {
                _duplicatesDropped += countDuplicate ? 1 : 0;
                return false;
            }

            _eventsTotal++;
            if (!_spaces.TryGetValue(e.SpaceId, out var tally))
            {
                _spaces.Add(e.SpaceId, tally = new SpaceTally(e.SpaceId));
            }

            tally.Apply(e);
            return true;
        }
    }

    /// <summary>Marks ids as seen without counting them again (events already in the DuckDB file from an earlier run).</summary>
    public void Remember(IEnumerable<string> eventIds)
    {
        lock (_gate)
        {
            _seen.UnionWith(eventIds);
        }
    }

    public AnalyticsSummary Summary()
    {
        lock (_gate)
        {
            var spaces = _spaces.Values
                .OrderBy(t => t.SpaceId, StringComparer.Ordinal)
                .ToDictionary(t => t.SpaceId, t => new SpaceSummary(
                    t.PeakListeners, t.TotalJoins, t.StageChanges, t.Reactions, t.TicketsSold, t.TicketsRefunded, t.GrossRevenue));
            return new AnalyticsSummary(_eventsTotal, _duplicatesDropped, spaces);
        }
    }

    /// <summary>One row per Space for the live table, live Spaces first, then by current listeners.</summary>
    public LiveView Snapshot(DateTimeOffset now)
    {
        lock (_gate)
        {
            var rows = _spaces.Values
                .Select(t => new SpaceRow(
                    t.SpaceId, t.Live, t.CurrentListeners, t.PeakListeners, t.JoinsInLastMinute(now), t.StageChanges,
                    t.ReactionsInLastMinute(now), t.TicketsSold - t.TicketsRefunded, t.GrossRevenue, t.Currency))
                .OrderByDescending(r => r.Live == true)
                .ThenByDescending(r => r.CurrentListeners)
                .ThenBy(r => r.SpaceId, StringComparer.Ordinal)
                .ToList();
            return new LiveView(_eventsTotal, _duplicatesDropped, rows);
        }
    }
}

/// <summary>The live table at one moment.</summary>
public sealed record LiveView(long EventsTotal, long DuplicatesDropped, IReadOnlyList<SpaceRow> Spaces)
{
    public int LiveSpaces => Spaces.Count(s => s.Live == true);
}

/// <summary>One Space's line of the live table.</summary>
public sealed record SpaceRow(
    string SpaceId,
    bool? Live,
    int CurrentListeners,
    int PeakListeners,
    int JoinsPerMinute,
    long StageChanges,
    IReadOnlyDictionary<string, int> ReactionsPerMinute,
    long TicketsHeld,
    long GrossRevenue,
    string? Currency);
