using Microsoft.Extensions.DependencyInjection;
using Spaces.Gateway.Tests.Infrastructure;
using Spaces.Grains.Media;

namespace Spaces.Gateway.Tests.Media;

/// <summary>
/// A gateway of its own for the media suite: its tests make its LiveKit server fail, hang and recover, which must
/// not reach the other suites' gateways. Clients are told a LiveKit URL of their own so the join answer shows it.
/// </summary>
public class MediaHost : GatewayHost
{
    public const string ClientUrl = "wss://livekit.spaces.test";

    public MediaHost()
        // Its tests hang LiveKit: a call gives up after a second and is retried (they fold retries when they count).
        : this(new Dictionary<string, string?> { ["LiveKit:RequestTimeout"] = "00:00:01" })
    {
    }

    /// <summary>A media gateway with more settings (its own collection, its own LiveKit server).</summary>
    protected MediaHost(IReadOnlyDictionary<string, string?> settings)
        : base(new Dictionary<string, string?>(settings) { ["LiveKit:Url"] = ClientUrl })
    {
    }

    public Uri WebhookUri => new(BaseAddress, "/v1/webhooks/livekit");

    /// <summary>The co-hosted silo's room operation queue, as readiness reads it.</summary>
    public IMediaBacklog Backlog => Services.GetRequiredService<IMediaBacklog>();
}

/// <summary>One gateway for the media tests, which run one at a time: failure injection is per server.</summary>
[CollectionDefinition(Name)]
public sealed class MediaCollection : ICollectionFixture<MediaHost>
{
    public const string Name = "media";
}
