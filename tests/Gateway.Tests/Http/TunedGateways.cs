using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Http;

/// <summary>A gateway whose reaction bucket holds two and barely refills, so the third reaction is a 429.</summary>
public sealed class RateLimitedGatewayHost() : GatewayHost(new Dictionary<string, string?>
{
    ["Spaces:ReactionBurst"] = "2",
    ["Spaces:ReactionsPerSecond"] = "0.01",
});

/// <summary>A gateway configured as in production: no development sign-in.</summary>
public sealed class NoDevTokensGatewayHost() : GatewayHost(new Dictionary<string, string?>
{
    ["Auth:DevTokensEnabled"] = "false",
});

/// <summary>
/// A gateway whose embedded payment provider declines <see cref="DeclinedBuyer"/>, leaves <see cref="PendingBuyer"/>
/// pending, takes 20 ms per charge (so purchases queueing behind payments would show), and signs webhooks with
/// <see cref="WebhookSecret"/>; only <see cref="AllowListedHost"/> may host ticketed Spaces when the allow-list is on.
/// </summary>
public sealed class TicketsGatewayHost() : GatewayHost(new Dictionary<string, string?>
{
    ["Payments:WebhookSecret"] = WebhookSecret,
    ["Payments:Embedded:DeclinedBuyers:0"] = DeclinedBuyer,
    ["Payments:Embedded:PendingBuyers:0"] = PendingBuyer,
    ["Payments:Embedded:Latency"] = "00:00:00.020",
})
{
    public const string WebhookSecret = "whsec_gateway_tests";
    public const string DeclinedBuyer = "buyer-declined";
    public const string PendingBuyer = "buyer-pending";
}

/// <summary>A gateway in the "limited number of creators" rollout: ticketed Spaces need a place on the allow-list.</summary>
public sealed class TicketAllowListGatewayHost() : GatewayHost(new Dictionary<string, string?>
{
    ["Spaces:TicketedHostAllowListEnabled"] = "true",
    ["Spaces:TicketedHostAllowList:0"] = AllowListedHost,
})
{
    public const string AllowListedHost = "allowed-creator";
}
