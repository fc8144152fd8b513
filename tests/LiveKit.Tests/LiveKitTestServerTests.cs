using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Testing;
using Spaces.LiveKit.Tokens;
using Spaces.LiveKit.Webhooks;

namespace Spaces.LiveKit.Tests;

/// <summary>The test server's own contract: LiveKit's authorization rules, recording, and webhook delivery.</summary>
public sealed class LiveKitTestServerTests : TestServerTestBase
{
    [Fact]
    public async Task A_request_without_a_token_is_unauthenticated()
    {
        var (status, error) = await PostAsync("ListRooms", token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("unauthenticated", (string?)error["code"]);
        Assert.Null(Assert.Single(Server.Requests).Grant);
    }

    [Fact]
    public async Task An_admin_grant_for_another_room_is_denied()
    {
        Server.AddParticipant("space-1", "alice");
        var token = TestKeys.Issuer().CreateServerToken(VideoGrant.AdminOf("space-2"));

        var (status, error) = await PostAsync("RemoveParticipant", token, """{"room":"space-1","identity":"alice"}""");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("permission_denied", (string?)error["code"]);
        Assert.NotNull(Server.GetParticipant("space-1", "alice"));
    }

    [Fact]
    public async Task Deleting_a_room_needs_roomCreate_not_roomAdmin()
    {
        Server.AddParticipant("space-1", "alice");

        var (status, _) = await PostAsync("DeleteRoom", TestKeys.Issuer().CreateServerToken(VideoGrant.AdminOf("space-1")), """{"room":"space-1"}""");

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task Egress_needs_roomRecord_even_from_a_room_admin()
    {
        Server.AddParticipant("space-1", "alice");
        var token = TestKeys.Issuer().CreateServerToken(VideoGrant.AdminOf("space-1"));

        var (status, error) = await PostAsync(
            "StartRoomCompositeEgress", token, """{"roomName":"space-1","audioOnly":true,"fileOutputs":[{"filepath":"a.ogg"}]}""", "livekit.Egress");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("roomRecord", (string?)error["msg"], StringComparison.Ordinal);
        Assert.Empty(Server.Egresses);
    }

    [Fact]
    public async Task An_egress_request_with_an_unknown_enum_name_is_malformed()
    {
        Server.AddParticipant("space-1", "alice");
        var token = TestKeys.Issuer().CreateServerToken(new VideoGrant { RoomRecord = true });

        var (status, error) = await PostAsync(
            "StartRoomCompositeEgress", token, """{"roomName":"space-1","fileOutputs":[{"fileType":"WAV"}]}""", "livekit.Egress");

        Assert.Equal((HttpStatusCode.BadRequest, "malformed"), (status, (string?)error["code"]));
        Assert.Empty(Server.Egresses);
    }

    [Fact]
    public async Task Requests_are_recorded_even_when_a_failure_is_injected()
    {
        Server.FailWith(HttpStatusCode.ServiceUnavailable);
        var token = TestKeys.Issuer().CreateServerToken(new VideoGrant { RoomCreate = true });

        var (status, _) = await PostAsync("CreateRoom", token, """{"name":"space-1"}""");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var recorded = Assert.Single(Server.Requests);
        Assert.Equal(("CreateRoom", "/twirp/livekit.RoomService/CreateRoom", """{"name":"space-1"}"""), (recorded.Method, recorded.Path, recorded.Body));
        Assert.Equal(new VideoGrant { RoomCreate = true }, recorded.Grant);
        Assert.Null(Server.GetRoom("space-1"));
    }

    [Fact]
    public async Task A_held_request_completes_after_Recover()
    {
        Server.Hang();
        var token = TestKeys.Issuer().CreateServerToken(new VideoGrant { RoomCreate = true });

        var pending = PostAsync("CreateRoom", token, """{"name":"space-1"}""");
        await WaitUntilAsync(() => Server.Requests.Count == 1);
        Assert.False(pending.IsCompleted);

        Server.Recover();
        Assert.Equal(HttpStatusCode.OK, (await pending).Status);
        Assert.NotNull(Server.GetRoom("space-1"));
    }

    [Fact]
    public async Task A_sent_webhook_passes_the_receiver_of_the_target()
    {
        var received = new TaskCompletionSource<WebhookEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var target = await StartWebhookTargetAsync(received);
        var participant = Server.AddParticipant("space-1", "alice");

        using var response = await Server.SendWebhookAsync(
            new Uri(target.Urls.Single() + "/livekit/webhook"),
            new WebhookEvent { Event = WebhookEventNames.ParticipantJoined, Id = "EV_1", CreatedAt = 1_700_000_000, Room = Server.GetRoom("space-1"), Participant = participant });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var webhook = await received.Task;
        Assert.Equal((WebhookEventNames.ParticipantJoined, "alice"), (webhook.Event, webhook.Participant!.Identity));
        Assert.Equal(participant.Tracks, webhook.Participant.Tracks);
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(string method, string? token, string body = "{}", string service = "livekit.RoomService")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.ApiUrl, $"/twirp/{service}/{method}"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        using var response = await Http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    /// <summary>A minimal webhook endpoint, as the gateway would host one.</summary>
    private static async Task<WebApplication> StartWebhookTargetAsync(TaskCompletionSource<WebhookEvent> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/livekit/webhook", async (HttpContext context) =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            received.SetResult(TestKeys.Receiver().Receive(body, context.Request.Headers.Authorization));
        });
        await app.StartAsync();
        return app;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var attempt = 0; !condition(); attempt++)
        {
            Assert.True(attempt < 100, "condition not reached within 5 s");
            await Task.Delay(50);
        }
    }
}
