using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Spaces.LiveKit.Egress;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Testing;
using Spaces.LiveKit.Tests.Oracle;
using Spaces.LiveKit.Tokens;
using Spaces.LiveKit.Webhooks;

namespace Spaces.LiveKit.Tests.Conformance;

/// <summary>Our Egress requests and egress webhooks against LiveKit's official Node SDK (EgressClient, WebhookReceiver).</summary>
[Collection(OracleCollection.Name)]
public sealed class EgressConformanceTests(LiveKitOracle oracle) : IDisposable
{
    private readonly HttpClient _http = new();

    [Fact]
    public async Task Our_requests_match_the_official_EgressClient_for_the_same_script()
    {
        var official = await OfficialRequests.CaptureAsync(oracle, "egress-requests");

        OfficialRequests.AssertSameRequests(official, await RunScriptAsync());
    }

    [Fact]
    public async Task An_official_egress_started_event_parses_as_starting_with_its_playlists()
    {
        var egress = await ReceiveOfficialAsync(WebhookEventNames.EgressStarted);

        Assert.Equal(("EG_hls", "RM_1", "space-1", EgressStatus.Starting), (egress.EgressId, egress.RoomId, egress.RoomName, egress.Status));
        var segments = Assert.Single(egress.SegmentResults);
        Assert.Equal(("spaces/space-1/hls/index.m3u8", "spaces/space-1/hls/live.m3u8"), (segments.PlaylistName, segments.LivePlaylistName));
    }

    [Fact]
    public async Task An_official_egress_updated_event_parses_as_active_with_its_progress()
    {
        var egress = await ReceiveOfficialAsync(WebhookEventNames.EgressUpdated);

        Assert.Equal(EgressStatus.Active, egress.Status);
        Assert.Equal((1_700_000_000_000_000_000L, 1_700_000_002_000_000_000L, 0L), (egress.StartedAt, egress.UpdatedAt, egress.EndedAt));
        Assert.Equal(1, Assert.Single(egress.SegmentResults).SegmentCount);
    }

    [Fact]
    public async Task An_official_egress_ended_event_parses_as_failed_with_its_error_and_file()
    {
        var egress = await ReceiveOfficialAsync(WebhookEventNames.EgressEnded);

        Assert.Equal((EgressStatus.Failed, "upload failed: access denied", 403), (egress.Status, egress.Error, egress.ErrorCode));
        Assert.True(egress.Status.IsFinished());
        var file = Assert.Single(egress.FileResults);
        Assert.Equal(("spaces/space-1/recording.ogg", 60_000_000_000L, 480_000L), (file.Filename, file.Duration, file.Size));
        Assert.Equal("https://spaces-media.s3.amazonaws.com/spaces/space-1/recording.ogg", file.Location);
    }

    [Fact]
    public async Task The_test_servers_egress_webhook_passes_the_official_receiver_with_the_same_state()
    {
        await using var server = await LiveKitTestServer.StartAsync(TestKeys.ApiKey, TestKeys.ApiSecret);
        server.AddParticipant("space-1", "alice");
        var started = await Client(server).StartRoomCompositeEgressAsync(new RoomCompositeEgressRequest
        {
            RoomName = "space-1", AudioOnly = true, SegmentOutputs = [EgressClientTests.Hls], FileOutputs = [EgressClientTests.Recording],
        });
        server.AdvanceEgress(started.EgressId, EgressStatus.Active);
        var ended = server.AdvanceEgress(started.EgressId, EgressStatus.Complete);
        var webhook = server.SignWebhook(new WebhookEvent { Event = WebhookEventNames.EgressEnded, Id = "EV_1", CreatedAt = 1_700_000_000, EgressInfo = ended });

        var parsed = await oracle.RunForJsonAsync("verify-webhook", oracle.WriteFile(webhook.Body), webhook.Authorization, TestKeys.ApiKey, TestKeys.ApiSecret);

        var info = parsed["egressInfo"]!;
        Assert.Equal(("egress_ended", started.EgressId, "EGRESS_COMPLETE"), ((string?)parsed["event"], (string?)info["egressId"], (string?)info["status"]));
        // The official SDK writes int64 as strings.
        Assert.Equal((ended.StartedAt.ToString(CultureInfo.InvariantCulture), ended.EndedAt.ToString(CultureInfo.InvariantCulture)),
            ((string?)info["startedAt"], (string?)info["endedAt"]));
        OfficialRequests.AssertProtoEqual(
            JsonNode.Parse("""{"roomName":"space-1","audioOnly":true,"fileOutputs":[{"fileType":"OGG","filepath":"spaces/space-1/recording.ogg"}],"segmentOutputs":[{"protocol":"HLS_PROTOCOL","filenamePrefix":"spaces/space-1/hls/segment","playlistName":"spaces/space-1/hls/index.m3u8","livePlaylistName":"spaces/space-1/hls/live.m3u8","segmentDuration":2}]}"""),
            info["roomComposite"], "roomComposite");
        Assert.Equal("spaces/space-1/recording.ogg", (string?)info["fileResults"]![0]!["filename"]);
        Assert.Equal("spaces/space-1/hls/index.m3u8", (string?)info["segmentResults"]![0]!["playlistName"]);
    }

    /// <summary>EGRESS_SCRIPT of tests/livekit-oracle/oracle.mjs, with our client, against a test server holding the room.</summary>
    private async Task<IReadOnlyList<RecordedRequest>> RunScriptAsync()
    {
        await using var server = await LiveKitTestServer.StartAsync(TestKeys.ApiKey, TestKeys.ApiSecret);
        server.AddParticipant("space-1", "alice");
        var client = Client(server);

        await client.StartRoomCompositeEgressAsync(new RoomCompositeEgressRequest { RoomName = "space-1", AudioOnly = true, SegmentOutputs = [EgressClientTests.Hls] });
        await client.StartRoomCompositeEgressAsync(new RoomCompositeEgressRequest
        {
            RoomName = "space-1",
            AudioOnly = true,
            FileOutputs =
            [
                EgressClientTests.Recording with
                {
                    S3 = new S3Upload { AccessKey = "AKIA1", Secret = "s3-secret", Region = "eu-west-1", Bucket = "spaces-media", ForcePathStyle = true },
                },
            ],
        });
        await client.ListEgressAsync("space-1", activeOnly: true);
        await client.ListEgressAsync(egressId: "EG_1");
        await client.StopEgressAsync("EG_1");
        return server.Requests;
    }

    private async Task<EgressInfo> ReceiveOfficialAsync(string eventName)
    {
        var signed = await oracle.RunForJsonAsync("egress-webhook", eventName, TestKeys.ApiKey, TestKeys.ApiSecret);

        var received = TestKeys.Receiver().Receive((string)signed["body"]!, (string)signed["authorization"]!);

        Assert.Equal((eventName, $"EV_{eventName}", 1_700_000_100L), (received.Event, received.Id, received.CreatedAt));
        return received.EgressInfo!;
    }

    public void Dispose() => _http.Dispose();

    private EgressClient Client(LiveKitTestServer server)
    {
        var options = Options.Create(server.CreateClientOptions());
        return new EgressClient(_http, options, new AccessTokenIssuer(options, TimeProvider.System));
    }
}
