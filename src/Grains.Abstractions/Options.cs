using System.ComponentModel.DataAnnotations;

namespace Spaces.Contracts;

/// <summary>The room's rules and limits (configuration section "Spaces"), validated at start.</summary>
public sealed class SpacesOptions
{
    public const string Section = "Spaces";

    /// <summary>Followers an account needs before it may host a Space.</summary>
    [Range(0, long.MaxValue)]
    public long MinFollowersToHost { get; set; } = 600;

    /// <summary>Followers an account needs before it may host a ticketed Space.</summary>
    [Range(0, long.MaxValue)]
    public long MinFollowersToHostTicketed { get; set; } = 1000;

    /// <summary>While on, only the accounts in <see cref="TicketedHostAllowList"/> may host ticketed Spaces.</summary>
    public bool TicketedHostAllowListEnabled { get; set; }

    public List<string> TicketedHostAllowList { get; set; } = [];

    [Range(0, 10)]
    public int MaxCohosts { get; set; } = 2;

    /// <summary>Host + co-hosts + speakers.</summary>
    [Range(1, 100)]
    public int MaxStageSize { get; set; } = 13;

    [Range(1, 500)]
    public int MaxTitleLength { get; set; } = 70;

    [Range(0, 50)]
    public int MaxTopics { get; set; } = 3;

    /// <summary>How far ahead a Space may be scheduled.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan MaxScheduleAhead { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long before a scheduled start its reminder subscribers are notified.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ReminderLead { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A scheduled Space not started this long after its scheduled time is canceled.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan ScheduleGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A live Space whose host has been away this long ends.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan HostAbsenceTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A live Space with nobody in it for this long ends.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan EmptySpaceTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Period of a live Space's durable reminder: it brings the Space back after a silo restart so its host-absence
    /// and empty-room rules keep running (Orleans reminders tick at most once a minute by default).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LiveCheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Notifications kept per user for when they were offline, newest first.</summary>
    [Range(1, 10_000)]
    public int MaxNotifications { get; set; } = 100;

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

    /// <summary>Reactions one user may send in a burst before the rate limit applies.</summary>
    [Range(1, 1000)]
    public int ReactionBurst { get; set; } = 5;

    /// <summary>Sustained reactions per second per user (the bucket's refill rate).</summary>
    [Range(0.01, 1000)]
    public double ReactionsPerSecond { get; set; } = 1;

    /// <summary>The reaction emojis clients may send (X's set by default).</summary>
    [MinLength(1)]
    public List<string> AllowedReactions { get; set; } = ["😂", "😲", "😢", "💜", "💯", "👏", "✊", "👍", "👎", "👋"];

    /// <summary>At most one <c>audience.count</c> event per this interval per Space.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan AudienceCountInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Events kept per Space for resuming clients.</summary>
    [Range(256, 100_000)]
    public int EventReplayCapacity { get; set; } = 512;

    /// <summary>A gateway observer not renewed within this time stops receiving a Space's events.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan EventObserverExpiry { get; set; } = TimeSpan.FromMinutes(2);

    [Range(1, 1000)]
    public int DefaultListenersPageSize { get; set; } = 50;

    [Range(1, 5000)]
    public int MaxListenersPageSize { get; set; } = 200;

    /// <summary>Ids per many-Spaces lookup (X allows 100).</summary>
    [Range(1, 1000)]
    public int MaxLookupIds { get; set; } = 100;

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

    [Range(1, 1_000_000)]
    public int MaxFollowing { get; set; } = 5000;

    [Range(1, 200)]
    public int MaxDisplayNameLength { get; set; } = 50;

    [Range(1, 2000)]
    public int MaxBioLength { get; set; } = 160;
}
