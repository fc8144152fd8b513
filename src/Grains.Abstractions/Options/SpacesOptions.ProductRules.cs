using System.ComponentModel.DataAnnotations;

namespace Spaces.Contracts;

/// <summary>
/// The room's rules and limits (configuration section "Spaces"), validated at start. This half holds the product
/// rules — each names the product.md rule it configures; SpacesOptions.Tuning.cs holds how the runtime does its job.
/// </summary>
public sealed partial class SpacesOptions
{
    public const string Section = "Spaces";

    /// <summary>Product rule, "Hosting eligibility": accounts need this many followers to create a Space (product.md, default 600).</summary>
    [Range(0, long.MaxValue)]
    public long MinFollowersToHost { get; set; } = 600;

    /// <summary>Product rule, "Hosting eligibility": the higher threshold for ticketed Spaces (product.md, default 1000).</summary>
    [Range(0, long.MaxValue)]
    public long MinFollowersToHostTicketed { get; set; } = 1000;

    /// <summary>Product rule, "Hosting eligibility": the allow-list switch for the "limited number of creators" rollout (product.md). While on, only the accounts in <see cref="TicketedHostAllowList"/> may host ticketed Spaces.</summary>
    public bool TicketedHostAllowListEnabled { get; set; }

    /// <summary>Product rule, "Hosting eligibility": who may host ticketed Spaces while the allow list is on (product.md).</summary>
    public List<string> TicketedHostAllowList { get; set; } = [];

    /// <summary>Product rule, "Roles and rules": at most 2 co-hosts (product.md).</summary>
    [Range(0, 10)]
    public int MaxCohosts { get; set; } = 2;

    /// <summary>Product rule, "Roles and rules": host + co-hosts + speakers ≤ 13 on stage (product.md).</summary>
    [Range(1, 100)]
    public int MaxStageSize { get; set; } = 13;

    /// <summary>Product rule, Space fields: a title as long as X allows (70 characters).</summary>
    [Range(1, 500)]
    public int MaxTitleLength { get; set; } = 70;

    /// <summary>Product rule, Space fields: topics per Space, as X allows (3).</summary>
    [Range(0, 50)]
    public int MaxTopics { get; set; } = 3;

    /// <summary>Product rule, "Lifecycle": how far ahead a Space may be scheduled (X allows 14 days). How far ahead a Space may be scheduled.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan MaxScheduleAhead { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Product rule, "Lifecycle": subscribers hear shortly before the scheduled time (product.md, default 10 minutes). How long before a scheduled start its reminder subscribers are notified.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ReminderLead { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Product rule, "Lifecycle": a scheduled Space not started this long after its time is canceled (product.md, default 1 hour). A scheduled Space not started this long after its scheduled time is canceled.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan ScheduleGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Product rule, "Lifecycle": a live Space ends when its host was absent this long (product.md, default 5 minutes). A live Space whose host has been away this long ends.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan HostAbsenceTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Product rule, "Lifecycle": a live Space ends when nobody is left (product.md), after this grace. A live Space with nobody in it for this long ends.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan EmptySpaceTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Product rule, "WebSocket protocol": per-user notifications, kept for when the user was offline. Notifications kept per user for when they were offline, newest first.</summary>
    [Range(1, 10_000)]
    public int MaxNotifications { get; set; } = 100;

    /// <summary>Product rule, "Reactions": rate-limited per user (product.md); the burst. Reactions one user may send in a burst before the rate limit applies.</summary>
    [Range(1, 1000)]
    public int ReactionBurst { get; set; } = 5;

    /// <summary>Product rule, "Reactions": rate-limited per user (product.md); the steady rate. Sustained reactions per second per user (the bucket's refill rate).</summary>
    [Range(0.01, 1000)]
    public double ReactionsPerSecond { get; set; } = 1;

    /// <summary>Product rule, "Reactions": emoji reactions (product.md); the set clients may send. The reaction emojis clients may send (X's set by default).</summary>
    [MinLength(1)]
    public List<string> AllowedReactions { get; set; } = ["😂", "😲", "😢", "💜", "💯", "👏", "✊", "👍", "👎", "👋"];

    /// <summary>
    /// Product rule, "Reactions": a Space with more participants than this sends <c>reactions.coalesced</c> instead
    /// of one <c>reaction</c> per reaction (0: every Space coalesces). One event per reaction costs reactions × audience
    /// deliveries, which grows with the square of the audience: at 500 participants with one in ten reacting each
    /// second that is already 25,000 deliveries a second, about a gateway core; below it a reaction still shows who sent it.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int CoalesceReactionsAbove { get; set; } = 500;

    /// <summary>Product rule, "Reactions": a coalescing Space sends at most one <c>reactions.coalesced</c> per this interval (2/s by default, as audience.count).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10")]
    public TimeSpan ReactionCoalesceInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Product rule, "Reactions": how many distinct reacting users one <c>reactions.coalesced</c> names at most.</summary>
    [Range(0, 100)]
    public int ReactionSampleSize { get; set; } = 8;

    /// <summary>Product rule, "WebSocket protocol": audience.count is throttled, ≤ 2/s per Space (product.md). At most one <c>audience.count</c> event per this interval per Space.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan AudienceCountInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Product rule, "WebSocket protocol": a resume replays at least the last 256 events per Space (product.md). Events kept per Space for resuming clients.</summary>
    [Range(256, 100_000)]
    public int EventReplayCapacity { get; set; } = 512;

    /// <summary>Product rule, "Discovery": lookups by many ids, as the X Spaces API (100). Ids per many-Spaces lookup (X allows 100).</summary>
    [Range(1, 1000)]
    public int MaxLookupIds { get; set; } = 100;

    /// <summary>Product rule, "Discovery": "Spaces from people you follow"; how many one may follow.</summary>
    [Range(1, 1_000_000)]
    public int MaxFollowing { get; set; } = 5000;

    /// <summary>Product rule, Users: a display name as long as X allows (50).</summary>
    [Range(1, 200)]
    public int MaxDisplayNameLength { get; set; } = 50;

    /// <summary>Product rule, Users: a bio as long as X allows (160).</summary>
    [Range(1, 2000)]
    public int MaxBioLength { get; set; } = 160;
}
