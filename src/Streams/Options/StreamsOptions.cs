using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Spaces.Streams;

/// <summary>Which Orleans stream provider carries the analytics events.</summary>
public enum StreamsProvider
{
    /// <summary>
    /// Orleans' memory streams: events live in the silos' memory queues until delivered. Nothing survives a silo
    /// restart and a subscriber only sees what is published while it is subscribed. The embedded default.
    /// </summary>
    Memory,

    /// <summary>
    /// Orleans' ADO.NET streams on PostgreSQL (tables of deploy/postgresql/40-streaming.sql), for clusters: at least
    /// once, a message is deleted only once delivered; survives silo restarts and crashes. Subscriptions live in the
    /// cluster's grain storage. Settings in <see cref="StreamsOptions.AdoNet"/>.
    /// </summary>
    AdoNet,
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

    /// <summary>The <see cref="StreamsProvider.AdoNet"/> provider's settings.</summary>
    [ValidateObjectMembers]
    public AdoNetStreamsOptions AdoNet { get; set; } = new();
}
