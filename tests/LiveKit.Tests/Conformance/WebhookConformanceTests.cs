using System.Text.Json.Nodes;
using Spaces.LiveKit.Testing;
using Spaces.LiveKit.Tests.Oracle;
using Spaces.LiveKit.Webhooks;

namespace Spaces.LiveKit.Tests.Conformance;

/// <summary>Webhook signing and verification against LiveKit's official Node SDK, both ways.</summary>
[Collection(OracleCollection.Name)]
public sealed class WebhookConformanceTests(LiveKitOracle oracle)
{
    private const string Body = WebhookReceiverTests.TrackPublishedBody;

    [Fact]
    public async Task An_officially_signed_webhook_is_accepted()
    {
        var authorization = await SignAsync(Body);

        var received = TestKeys.Receiver().Receive(Body, authorization);

        Assert.Equal(("track_published", "EV_abc", "alice", "TR_abc"), (received.Event, received.Id, received.Participant!.Identity, received.Track!.Sid));
    }

    [Fact]
    public async Task A_tampered_body_is_rejected()
    {
        var authorization = await SignAsync(Body);

        var error = Assert.Throws<WebhookVerificationException>(() =>
            TestKeys.Receiver().Receive(Body.Replace("\"muted\":true", "\"muted\":false", StringComparison.Ordinal), authorization));

        Assert.Equal(WebhookRejection.BodyHashMismatch, error.Reason);
    }

    [Fact]
    public async Task A_tampered_header_is_rejected()
    {
        var authorization = await SignAsync(Body);
        // The first base64url character of the signature carries six whole bits of it.
        var signatureStart = authorization.LastIndexOf('.') + 1;
        var tampered = authorization[..signatureStart] + (authorization[signatureStart] == 'A' ? 'B' : 'A') + authorization[(signatureStart + 1)..];

        var error = Assert.Throws<WebhookVerificationException>(() => TestKeys.Receiver().Receive(Body, tampered));

        Assert.Equal(WebhookRejection.InvalidToken, error.Reason);
    }

    [Fact]
    public async Task A_webhook_signed_with_another_secret_is_rejected()
    {
        var authorization = await SignAsync(Body, apiSecret: "another-secret");

        var error = Assert.Throws<WebhookVerificationException>(() => TestKeys.Receiver().Receive(Body, authorization));

        Assert.Equal(WebhookRejection.InvalidToken, error.Reason);
    }

    [Fact]
    public async Task Webhooks_signed_by_the_test_server_pass_the_official_receiver()
    {
        await using var server = await LiveKitTestServer.StartAsync(TestKeys.ApiKey, TestKeys.ApiSecret);
        var participant = server.AddParticipant("space-1", "alice", audioTrackSid: "TR_alice");
        var webhook = server.SignWebhook(new WebhookEvent
        {
            Event = WebhookEventNames.TrackPublished,
            Id = "EV_1",
            CreatedAt = 1_700_000_000,
            Room = server.GetRoom("space-1"),
            Participant = participant,
            Track = participant.Tracks[0],
        });

        var parsed = await oracle.RunForJsonAsync("verify-webhook", oracle.WriteFile(webhook.Body), webhook.Authorization, TestKeys.ApiKey, TestKeys.ApiSecret);

        Assert.Equal(("track_published", "EV_1", "1700000000"), ((string?)parsed["event"], (string?)parsed["id"], (string?)parsed["createdAt"]));
        Assert.Equal(("alice", "ACTIVE"), ((string?)parsed["participant"]!["identity"], (string?)parsed["participant"]!["state"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"sid":"TR_alice","name":"microphone","source":"MICROPHONE"}"""), parsed["track"]), $"track was {parsed["track"]}");
    }

    [Fact]
    public async Task The_official_receiver_rejects_our_webhook_for_another_body()
    {
        var authorization = TestKeys.Issuer().CreateWebhookToken(Body);

        var message = await oracle.RunRejectedAsync("verify-webhook", oracle.WriteFile(Body + " "), authorization, TestKeys.ApiKey, TestKeys.ApiSecret);

        Assert.Contains("sha256", message, StringComparison.Ordinal);
    }

    private Task<string> SignAsync(string body, string apiSecret = TestKeys.ApiSecret) =>
        oracle.RunSuccessfullyAsync("sign-webhook", oracle.WriteFile(body), TestKeys.ApiKey, apiSecret);
}
