using System.ComponentModel.DataAnnotations;

namespace Spaces.Contracts.Analytics;

/// <summary>How the grains publish analytics events (configuration section "Analytics"), validated at start.</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Analytics";

    /// <summary>
    /// How long a Space gathers joins, leaves and reactions before it publishes them as one
    /// <see cref="PresenceBatch"/> and one <see cref="ReactionBatch"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan BatchInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most user ids (joins plus leaves) in one <see cref="PresenceBatch"/>; a busier window is split.</summary>
    [Range(10, 100_000)]
    public int MaxUserIdsPerBatch { get; set; } = 1000;

    /// <summary>
    /// Most events a grain keeps waiting to be published (its outbox, stored with its state) while the stream
    /// provider refuses them; past it the oldest are dropped, counted and logged.
    /// </summary>
    [Range(10, 1_000_000)]
    public int MaxOutbox { get; set; } = 10_000;
}
