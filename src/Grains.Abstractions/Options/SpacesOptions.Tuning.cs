using System.ComponentModel.DataAnnotations;

namespace Spaces.Contracts;

/// <summary>Runtime tuning: how the Spaces do their job (timers, shards, buffers, retries), not what the product promises.</summary>
public sealed partial class SpacesOptions
{
    /// <summary>
    /// Period of a live Space's durable reminder: it brings the Space back after a silo restart so its host-absence
    /// and empty-room rules keep running (Orleans reminders tick at most once a minute by default).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LiveCheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Shards of the discovery index; Spaces spread over them by id.</summary>
    [Range(1, 1024)]
    public int DiscoveryShards { get; set; } = 4;

    /// <summary>How often a live Space refreshes its audience size in the discovery index (at most).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan DiscoveryRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Range(1, 1000)]
    public int DefaultDiscoveryPageSize { get; set; } = 20;

    [Range(1, 1000)]
    public int MaxDiscoveryPageSize { get; set; } = 100;

    /// <summary>A gateway observer not renewed within this time stops receiving a Space's events, and a gateway's notification routes lapse.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan EventObserverExpiry { get; set; } = TimeSpan.FromMinutes(2);

    [Range(1, 1000)]
    public int DefaultListenersPageSize { get; set; } = 50;

    [Range(1, 5000)]
    public int MaxListenersPageSize { get; set; } = 200;

    /// <summary>Spaces returned per creator lookup, newest first.</summary>
    [Range(1, 1000)]
    public int MaxSpacesPerCreatorLookup { get; set; } = 100;

    /// <summary>First wait before retrying a media-server operation that failed; doubles up to <see cref="MediaRetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan MediaRetryInitialDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MediaRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Media-server event ids a Space remembers to apply redeliveries once.</summary>
    [Range(16, 1_000_000)]
    public int MediaEventDedupeCapacity { get; set; } = 4096;
}
