using Spaces.Contracts.Analytics;

namespace Spaces.Grains.Analytics;

/// <summary>
/// A grain's analytics events that are recorded but not yet known to be published, stored with the grain's state
/// in the same write as the change they describe. Published after the write and removed then; whatever a crash
/// left here goes out again when the grain activates (at least once; consumers drop repeats by event id). The
/// stored copy is cleared by the grain's next write, so a reactivation may repeat the last events once more.
/// </summary>
[GenerateSerializer]
public sealed class AnalyticsOutbox
{
    /// <summary>The last analytics seq handed out (per Space; box offices number nothing).</summary>
    [Id(0)] public long LastSeq { get; set; }

    /// <summary>In seq order; at most <see cref="AnalyticsOptions.MaxOutbox"/>.</summary>
    [Id(1)] public List<AnalyticsEvent> Unpublished { get; set; } = [];
}
