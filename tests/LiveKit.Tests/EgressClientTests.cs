using System.Net;
using Microsoft.Extensions.Options;
using Spaces.LiveKit.Egress;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Testing;
using Spaces.LiveKit.Tokens;

namespace Spaces.LiveKit.Tests;

/// <summary>The egress client against <see cref="LiveKitTestServer"/>: outputs, lifecycle, grant and failure mapping.</summary>
public sealed class EgressClientTests : TestServerTestBase
{
    private const string Room = "space-1";

    internal static readonly SegmentedFileOutput Hls = new()
    {
        Protocol = SegmentedFileProtocol.Hls,
        FilenamePrefix = "spaces/space-1/hls/segment",
        PlaylistName = "spaces/space-1/hls/index.m3u8",
        LivePlaylistName = "spaces/space-1/hls/live.m3u8",
        SegmentDuration = 2,
    };

    internal static readonly EncodedFileOutput Recording = new() { FileType = EncodedFileType.Ogg, Filepath = "spaces/space-1/recording.ogg" };

    [Fact]
    public async Task An_audio_only_HLS_egress_starts_with_its_outputs_as_requested()
    {
        Server.AddParticipant(Room, "alice");
        var request = new RoomCompositeEgressRequest { RoomName = Room, AudioOnly = true, SegmentOutputs = [Hls] };

        var egress = await Client().StartRoomCompositeEgressAsync(request);

        Assert.StartsWith("EG_", egress.EgressId, StringComparison.Ordinal);
        Assert.Equal((Room, Server.GetRoom(Room)!.Sid, EgressStatus.Starting), (egress.RoomName, egress.RoomId, egress.Status));
        Assert.True(egress.RoomComposite is { AudioOnly: true, FileOutputs.Count: 0 });
        Assert.Equal(Hls, Assert.Single(egress.RoomComposite.SegmentOutputs));
        Assert.Equal(egress.EgressId, Assert.Single(Server.Egresses).EgressId);
    }

    [Fact]
    public async Task A_file_egress_ends_with_its_file_result()
    {
        Server.AddParticipant(Room, "alice");
        var egress = await Client().StartRoomCompositeEgressAsync(new RoomCompositeEgressRequest { RoomName = Room, AudioOnly = true, FileOutputs = [Recording] });
        Server.AdvanceEgress(egress.EgressId, EgressStatus.Active);

        var stopped = await Client().StopEgressAsync(egress.EgressId);
        var ended = Server.AdvanceEgress(egress.EgressId, EgressStatus.Complete);

        Assert.Equal(EgressStatus.Ending, stopped.Status);
        Assert.True(ended.Status.IsFinished());
        var file = Assert.Single(ended.FileResults);
        Assert.Equal((Recording.Filepath, ended.StartedAt, ended.EndedAt), (file.Filename, file.StartedAt, file.EndedAt));
    }

    [Fact]
    public async Task ListEgress_filters_by_room_id_and_activity()
    {
        Server.AddParticipant(Room, "alice");
        Server.AddParticipant("space-2", "bob");
        var hls = await Client().StartRoomCompositeEgressAsync(new RoomCompositeEgressRequest { RoomName = Room, AudioOnly = true, SegmentOutputs = [Hls] });
        var file = await Client().StartRoomCompositeEgressAsync(new RoomCompositeEgressRequest { RoomName = Room, AudioOnly = true, FileOutputs = [Recording] });
        var other = await Client().StartRoomCompositeEgressAsync(new RoomCompositeEgressRequest { RoomName = "space-2", AudioOnly = true, FileOutputs = [Recording] });
        Server.AdvanceEgress(file.EgressId, EgressStatus.Failed, "upload failed");

        Assert.Equal([hls.EgressId, file.EgressId, other.EgressId], (await Client().ListEgressAsync()).Select(e => e.EgressId));
        Assert.Equal([hls.EgressId, file.EgressId], (await Client().ListEgressAsync(Room)).Select(e => e.EgressId));
        Assert.Equal([hls.EgressId], (await Client().ListEgressAsync(Room, activeOnly: true)).Select(e => e.EgressId));
        var failed = Assert.Single(await Client().ListEgressAsync(egressId: file.EgressId));
        Assert.Equal((EgressStatus.Failed, "upload failed"), (failed.Status, failed.Error));
    }

    [Fact]
    public async Task Every_call_carries_the_roomRecord_grant_on_the_Egress_service_path()
    {
        Server.AddParticipant(Room, "alice");
        var egress = await Client().StartRoomCompositeEgressAsync(new RoomCompositeEgressRequest { RoomName = Room, SegmentOutputs = [Hls] });
        await Client().ListEgressAsync(Room);
        await Client().StopEgressAsync(egress.EgressId);

        var requests = Server.Requests;
        Assert.Equal(
            ["/twirp/livekit.Egress/StartRoomCompositeEgress", "/twirp/livekit.Egress/ListEgress", "/twirp/livekit.Egress/StopEgress"],
            requests.Select(r => r.Path));
        Assert.All(requests, r => Assert.Equal(new VideoGrant { RoomRecord = true }, r.Grant));
    }

    [Fact]
    public async Task Stopping_an_ended_egress_is_a_failed_precondition_and_an_unknown_one_is_NotFound()
    {
        Server.AddParticipant(Room, "alice");
        var egress = await Client().StartRoomCompositeEgressAsync(new RoomCompositeEgressRequest { RoomName = Room, FileOutputs = [Recording] });
        Server.AdvanceEgress(egress.EgressId, EgressStatus.Complete);

        var ended = await Assert.ThrowsAsync<LiveKitException>(() => Client().StopEgressAsync(egress.EgressId));
        var unknown = await Assert.ThrowsAsync<LiveKitNotFoundException>(() => Client().StopEgressAsync("EG_missing"));

        Assert.Equal(("failed_precondition", typeof(LiveKitException)), (ended.TwirpCode, ended.GetType()));
        Assert.Equal("not_found", unknown.TwirpCode);
        Assert.Equal(EgressStatus.Complete, Assert.Single(Server.Egresses).Status);
    }

    [Fact]
    public async Task An_egress_for_a_room_that_does_not_exist_is_NotFound()
    {
        var error = await Assert.ThrowsAsync<LiveKitNotFoundException>(() =>
            Client().StartRoomCompositeEgressAsync(new RoomCompositeEgressRequest { RoomName = "ghost", SegmentOutputs = [Hls] }));

        Assert.Contains("ghost", error.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Egresses);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData(Room, false)]
    public async Task A_request_without_a_room_or_an_output_is_refused_before_sending(string roomName, bool withOutput)
    {
        var request = new RoomCompositeEgressRequest { RoomName = roomName, SegmentOutputs = withOutput ? [Hls] : [] };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Client().StartRoomCompositeEgressAsync(request));

        Assert.Equal("request", error.ParamName);
        Assert.Contains(withOutput ? "RoomName" : "Outputs", error.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }

    [Fact]
    public async Task An_injected_outage_is_transient_and_the_retry_starts_one_egress()
    {
        Server.AddParticipant(Room, "alice");
        Server.FailWith(HttpStatusCode.ServiceUnavailable, times: 1);
        var request = new RoomCompositeEgressRequest { RoomName = Room, AudioOnly = true, SegmentOutputs = [Hls] };

        var error = await Assert.ThrowsAsync<LiveKitUnavailableException>(() => Client().StartRoomCompositeEgressAsync(request));
        var egress = await Client().StartRoomCompositeEgressAsync(request);

        Assert.Equal(("unavailable", HttpStatusCode.ServiceUnavailable), (error.TwirpCode, error.StatusCode));
        Assert.Equal(egress.EgressId, Assert.Single(Server.Egresses).EgressId);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task A_hanging_server_times_out_as_unavailable()
    {
        Server.Hang();

        var error = await Assert.ThrowsAsync<LiveKitUnavailableException>(() =>
            Client(Server.CreateClientOptions(TimeSpan.FromMilliseconds(300))).ListEgressAsync());

        Assert.Contains("ListEgress timed out", error.Message, StringComparison.Ordinal);
    }

    private EgressClient Client(LiveKitOptions? options = null)
    {
        var wrapped = Options.Create(options ?? Server.CreateClientOptions());
        return new EgressClient(Http, wrapped, new AccessTokenIssuer(wrapped, TimeProvider.System));
    }
}
