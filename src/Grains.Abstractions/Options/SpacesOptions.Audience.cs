using System.ComponentModel.DataAnnotations;

namespace Spaces.Contracts;

/// <summary>The audience tiers (product.md, "Media"; docs/capacity.md): WebRTC seats, then HLS for everyone else.</summary>
public sealed partial class SpacesOptions
{
    /// <summary>
    /// Product rule, "Media": listeners per Space who get WebRTC; everyone beyond listens over HLS. A self-hosted LiveKit
    /// room lives on one node, which LiveKit measured at ~3,000 audio subscribers (16 cores, 80 % CPU, 10 publishers);
    /// 2,500 leaves room for a full stage of 13 and for reconnect bursts (docs/capacity.md).
    /// </summary>
    [Range(1, 100_000)]
    public int MaxRealtimeListeners { get; set; } = 2500;

    /// <summary>
    /// Where listeners fetch HLS (a CDN in production) in front of the egress storage's root: a Space's live playlist
    /// is <c>{base}spaces/{space_id}/hls/live.m3u8</c>. The default suits a local egress writing to a folder served on port 8088.
    /// </summary>
    [Required]
    public Uri HlsPublicBaseUrl { get; set; } = new("http://localhost:8088/");

    /// <summary>Seconds per HLS segment; listeners hear the Space about four segments late (docs/capacity.md).</summary>
    [Range(1, 10)]
    public int HlsSegmentSeconds { get; set; } = 2;
}
