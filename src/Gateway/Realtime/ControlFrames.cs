using System.Text.Json.Serialization;
using Spaces.Contracts;

namespace Spaces.Gateway.Realtime;

/// <summary>Protocol messages that are not Space events: acknowledgements, pongs and errors.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SubscribedFrame), "subscribed")]
[JsonDerivedType(typeof(UnsubscribedFrame), "unsubscribed")]
[JsonDerivedType(typeof(PongFrame), "pong")]
[JsonDerivedType(typeof(ErrorFrame), "error")]
[JsonDerivedType(typeof(NotificationFrame), "notification")]
internal abstract record ControlFrame;

/// <summary>The subscription is live from <see cref="Seq"/> on (after any replay).</summary>
internal sealed record SubscribedFrame(string SpaceId, long Seq) : ControlFrame;

internal sealed record UnsubscribedFrame(string SpaceId) : ControlFrame;

internal sealed record PongFrame(DateTimeOffset At) : ControlFrame;

/// <summary>A request on the socket failed; the socket stays open.</summary>
internal sealed record ErrorFrame(string Code, string Detail, string? SpaceId = null, string? Field = null) : ControlFrame;

/// <summary>A per-user notification (reminders, a Space going live, invitations to speak).</summary>
internal sealed record NotificationFrame(Notification Notification) : ControlFrame;
