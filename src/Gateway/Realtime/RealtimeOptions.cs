using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Spaces.Gateway.Realtime;

/// <summary>WebSocket limits (configuration section "Realtime"), validated at start.</summary>
public sealed class RealtimeOptions
{
    public const string Section = "Realtime";

    /// <summary>Frames waiting for one socket; a client that lets more pile up is dropped as slow.</summary>
    [Range(8, 100_000)]
    public int SendQueueCapacity { get; set; } = 512;

    /// <summary>One frame's send may take this long before the client is dropped as slow.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a dropped or closing socket gets to finish the close handshake.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Protocol-level ping interval; a peer that does not answer within <see cref="KeepAliveTimeout"/> is closed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(20);

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Largest client message accepted; the protocol's messages are tiny.</summary>
    [Range(256, 1_048_576)]
    public int MaxMessageBytes { get; set; } = 4096;

    [Range(1, 1000)]
    public int MaxSubscriptionsPerSocket { get; set; } = 50;

    /// <summary>How often this gateway renews its observer registrations; keep well under the grains' observer expiry.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan ObserverRenewInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Kernel send buffer per accepted socket. Unset, Linux autotunes it up to megabytes per socket: at a
    /// hundred thousand listeners that is kernel memory, and a stalled client goes unnoticed for that long.
    /// </summary>
    [Range(4096, 16_777_216)]
    public int? SocketSendBufferBytes { get; set; }

    /// <summary>How long an event that overtook another waits for it before the gap is filled from the grain's log.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan ReorderWait { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Recent frames each Space feed keeps to bridge a resume's replay and the live stream.</summary>
    [Range(16, 100_000)]
    public int FeedRecentFrames { get; set; } = 256;
}

[OptionsValidator]
internal sealed partial class RealtimeOptionsValidator : IValidateOptions<RealtimeOptions>;
