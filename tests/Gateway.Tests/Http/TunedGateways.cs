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
