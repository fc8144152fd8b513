using System.ComponentModel.DataAnnotations;

namespace Spaces.Streams;

/// <summary>Which Orleans stream provider carries the analytics events.</summary>
public enum StreamsProvider
{
    /// <summary>
    /// Orleans' memory streams: events live in the silos' memory queues until delivered. Nothing survives a silo
    /// restart and a subscriber only sees what is published while it is subscribed. The embedded default.
    /// </summary>
    Memory,
}

/// <summary>
/// The analytics stream provider (configuration "Silo:Streams" on a silo, "Gateway:Streams" on a gateway; a client
/// such as tools/Analytics uses the same shape). Silos and their clients must agree on <see cref="Provider"/>.
/// </summary>
public sealed class StreamsOptions
{
    /// <summary>The sub-section name under "Silo" and "Gateway".</summary>
    public const string Section = "Streams";

    public StreamsProvider Provider { get; set; } = StreamsProvider.Memory;

    /// <summary>Memory provider: how many queues (each with its pulling agent) carry the streams.</summary>
    [Range(1, 64)]
    public int MemoryQueues { get; set; } = 8;
}
