using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Spaces.LiveKit.Egress;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Testing;
using Spaces.LiveKit.Tokens;
using Spaces.LiveKit.Webhooks;

namespace Spaces.LiveKit.Tests;

/// <summary>egress_started / egress_updated / egress_ended webhooks, verified and parsed into typed egress state.</summary>
public sealed class EgressWebhookTests
{
    // As LiveKit writes it: int64 (nanosecond timestamps, sizes) as strings, enums by name, defaults left out.
    private const string FailedRecordingBody = """
        {"event":"egress_ended","id":"EV_eg","createdAt":"1700000100",
        "egressInfo":{"egressId":"EG_file","roomId":"RM_1","roomName":"space-1","status":"EGRESS_FAILED",
        "startedAt":"1700000000000000000","endedAt":"1700000060000000000","error":"upload failed: access denied","errorCode":403,
        "roomComposite":{"roomName":"space-1","audioOnly":true,"fileOutputs":[{"fileType":"OGG","filepath":"spaces/space-1/recording.ogg"}]},
        "fileResults":[{"filename":"spaces/space-1/recording.ogg","startedAt":"1700000000000000000","endedAt":"1700000060000000000",
        "duration":"60000000000","size":"480000","location":"https://cdn.example/spaces/space-1/recording.ogg"}],
        "sourceType":"EGRESS_SOURCE_TYPE_SDK","backupStorageUsed":false}}
        """;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public void An_egress_ended_webhook_carries_the_status_error_and_file_results()
    {
        var received = Receive(FailedRecordingBody);

        Assert.Equal(WebhookEventNames.EgressEnded, received.Event);
        Assert.True(received.TryGetEgress(out var egress));
        Assert.Equal(("EG_file", "RM_1", "space-1", EgressStatus.Failed), (egress.EgressId, egress.RoomId, egress.RoomName, egress.Status));
        Assert.Equal(("upload failed: access denied", 403), (egress.Error, egress.ErrorCode));
        Assert.Equal((1_700_000_000_000_000_000L, 1_700_000_060_000_000_000L), (egress.StartedAt, egress.EndedAt));
        Assert.True(egress.RoomComposite is { AudioOnly: true });
        Assert.Equal(new EncodedFileOutput { FileType = EncodedFileType.Ogg, Filepath = "spaces/space-1/recording.ogg" }, Assert.Single(egress.RoomComposite.FileOutputs));
        Assert.Equal(
            new EgressFileInfo
            {
                Filename = "spaces/space-1/recording.ogg", StartedAt = 1_700_000_000_000_000_000, EndedAt = 1_700_000_060_000_000_000,
                Duration = 60_000_000_000, Size = 480_000, Location = "https://cdn.example/spaces/space-1/recording.ogg",
            },
            Assert.Single(egress.FileResults));
    }

    [Fact]
    public void An_egress_started_webhook_at_the_zero_status_is_starting_with_its_segment_result()
    {
        const string Body = """{"event":"egress_started","id":"EV_1","egressInfo":{"egressId":"EG_hls","segmentResults":[{"playlistName":"index.m3u8"}]}}""";

        var egress = Receive(Body).EgressInfo!;

        Assert.Equal(EgressStatus.Starting, egress.Status);
        Assert.False(egress.Status.IsFinished());
        Assert.Equal("index.m3u8", Assert.Single(egress.SegmentResults).PlaylistName);
    }

    [Theory]
    [InlineData("""{"event":"egress_updated","id":"EV_1"}""")]
    [InlineData("""{"event":"egress_ended","id":"EV_1","egressInfo":{"roomName":"space-1"}}""")]
    public void An_egress_webhook_without_an_egress_id_is_authentic_but_offers_no_egress(string body)
    {
        var received = Receive(body);

        Assert.True(received.IsEgressEvent);
        Assert.False(received.TryGetEgress(out var egress));
        Assert.Null(egress);
    }

    [Fact]
    public void Room_events_need_no_egress_info()
    {
        var received = Receive(WebhookReceiverTests.TrackPublishedBody);

        Assert.False(received.IsEgressEvent);
        Assert.False(received.TryGetEgress(out _));
    }

    [Fact]
    public async Task The_test_servers_egress_lifecycle_round_trips_through_signed_webhooks()
    {
        await using var server = await LiveKitTestServer.StartAsync(TestKeys.ApiKey, TestKeys.ApiSecret, _time);
        server.AddParticipant("space-1", "alice");
        using var http = new HttpClient();
        var options = Options.Create(server.CreateClientOptions());
        var client = new EgressClient(http, options, new AccessTokenIssuer(options, _time));
        var started = await client.StartRoomCompositeEgressAsync(
            new RoomCompositeEgressRequest { RoomName = "space-1", AudioOnly = true, SegmentOutputs = [EgressClientTests.Hls] });
        _time.Advance(TimeSpan.FromSeconds(1));
        var active = server.AdvanceEgress(started.EgressId, EgressStatus.Active);
        _time.Advance(TimeSpan.FromMinutes(1));
        var ended = server.AdvanceEgress(started.EgressId, EgressStatus.Complete);

        var events = new[] { (WebhookEventNames.EgressStarted, started), (WebhookEventNames.EgressUpdated, active), (WebhookEventNames.EgressEnded, ended) }
            .Select(e => server.SignWebhook(new WebhookEvent { Event = e.Item1, Id = "EV_" + e.Item1, EgressInfo = e.Item2 }))
            .Select(webhook => Receive(webhook.Body, webhook.Authorization).EgressInfo!)
            .ToList();

        Assert.Equal([EgressStatus.Starting, EgressStatus.Active, EgressStatus.Complete], events.Select(e => e.Status));
        Assert.Equal(TimeSpan.FromMinutes(1), TimeSpan.FromTicks((events[2].EndedAt - events[2].StartedAt) / 100));
        var segments = Assert.Single(events[2].SegmentResults);
        Assert.Equal((EgressClientTests.Hls.PlaylistName, EgressClientTests.Hls.LivePlaylistName), (segments.PlaylistName, segments.LivePlaylistName));
    }

    private WebhookEvent Receive(string body, string? authorization = null) =>
        TestKeys.Receiver(_time).Receive(body, authorization ?? TestKeys.Issuer(_time).CreateWebhookToken(body));
}
