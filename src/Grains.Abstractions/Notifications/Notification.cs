namespace Spaces.Contracts;

/// <summary>Something a user should hear about personally (product.md: per-user <c>notification</c>).</summary>
[GenerateSerializer, Immutable]
public sealed record Notification(
    [property: Id(0)] string Id,
    [property: Id(1)] NotificationKind Kind,
    [property: Id(2)] string SpaceId,
    [property: Id(3)] string Title,
    [property: Id(4)] string? ByUserId,
    [property: Id(5)] DateTimeOffset At);

[GenerateSerializer]
public enum NotificationKind
{
    /// <summary>A Space the user set a reminder for starts soon.</summary>
    SpaceStartingSoon,

    /// <summary>A Space the user set a reminder for went live.</summary>
    SpaceStarted,

    /// <summary>A host or co-host invited the user to speak.</summary>
    SpeakerInvitation,
}
