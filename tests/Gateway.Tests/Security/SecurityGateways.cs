using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests.Security;

/// <summary>A gateway with small per-user limits, so tests reach them in a few requests.</summary>
public sealed class TightLimitsGatewayHost() : GatewayHost(new Dictionary<string, string?>
{
    ["RateLimits:Hand:Burst"] = "3",
    ["RateLimits:Hand:PerPeriod"] = "1",
    ["RateLimits:Hand:Period"] = "01:00:00",
    ["RateLimits:CreateSpace:Burst"] = "2",
    ["RateLimits:CreateSpace:PerPeriod"] = "1",
    ["RateLimits:CreateSpace:Period"] = "01:00:00",
    ["RateLimits:JoinLeave:Burst"] = "3",
    ["RateLimits:JoinLeave:PerPeriod"] = "1",
    ["RateLimits:JoinLeave:Period"] = "01:00:00",
    ["RateLimits:Connect:Burst"] = "8",
    ["RateLimits:Connect:PerPeriod"] = "1",
    ["RateLimits:Connect:Period"] = "01:00:00",
    ["Security:MaxSocketsPerUser"] = "2",
    ["Realtime:MaxSubscriptionsPerSocket"] = "3",
});

/// <summary>Tests that measure the whole process's allocations run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IsolatedCollection
{
    public const string Name = "isolated";
}
