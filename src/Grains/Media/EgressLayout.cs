using Spaces.Contracts;
using Spaces.LiveKit.Protocol;

namespace Spaces.Grains.Media;

/// <summary>
/// Where a Space's egress writes (paths in the egress service's storage) and where listeners read it (the same paths
/// under <see cref="SpacesOptions.HlsPublicBaseUrl"/>): one place for both, so the URL a listener gets is the playlist written.
/// </summary>
internal sealed class EgressLayout(SpacesOptions options)
{
    // Uri resolution drops a last segment without a trailing slash: "https://cdn/x" + "spaces/…" would lose "x".
    private readonly Uri _publicBase = options.HlsPublicBaseUrl.AbsoluteUri.EndsWith('/') ? options.HlsPublicBaseUrl : new Uri(options.HlsPublicBaseUrl.AbsoluteUri + "/");

    public static string Folder(string spaceId) => $"spaces/{spaceId}/";

    /// <summary>The live playlist's public URL.</summary>
    public string LivePlaylistUrl(string spaceId) => new Uri(_publicBase, Folder(spaceId) + "hls/live.m3u8").AbsoluteUri;

    /// <summary>An audio-only room composite: HLS segments (with a full and a live playlist) or one OGG file.</summary>
    public RoomCompositeEgressRequest Request(string spaceId, EgressKind kind) => kind switch
    {
        EgressKind.Hls => new RoomCompositeEgressRequest
        {
            RoomName = spaceId,
            AudioOnly = true,
            SegmentOutputs =
            [
                new SegmentedFileOutput
                {
                    Protocol = SegmentedFileProtocol.Hls,
                    FilenamePrefix = Folder(spaceId) + "hls/segment",
                    PlaylistName = Folder(spaceId) + "hls/index.m3u8",
                    LivePlaylistName = Folder(spaceId) + "hls/live.m3u8",
                    SegmentDuration = (uint)options.HlsSegmentSeconds,
                },
            ],
        },
        _ => new RoomCompositeEgressRequest
        {
            RoomName = spaceId,
            AudioOnly = true,
            FileOutputs = [new EncodedFileOutput { FileType = EncodedFileType.Ogg, Filepath = Folder(spaceId) + "recording.ogg" }],
        },
    };
}
