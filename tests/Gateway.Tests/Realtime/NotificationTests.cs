using System.Net;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Infrastructure;
using static Spaces.Gateway.Tests.Infrastructure.EventClient;

namespace Spaces.Gateway.Tests.Realtime;

/// <summary>Per-user <c>notification</c> events: to every socket of the user, and kept for when they were offline.</summary>
[Collection(RealtimeCollection.Name)]
public sealed class NotificationTests(RealtimeHost host)
{
    private Api Api => host.Api;

    [Fact]
    public async Task Reminder_subscribers_hear_on_every_socket_when_the_host_goes_live()
    {
        var hostUser = await Api.UserAsync("host", followers: 600);
        var body = new JsonObject { ["title"] = "Launch party", ["scheduled_start"] = DateTimeOffset.UtcNow.AddHours(1).ToString("O") };
        var spaceId = (await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Post, "/v1/spaces", hostUser.Token, body), HttpStatusCode.Created))["id"]!.GetValue<string>();
        var fan = await Api.UserAsync("fan");
        await using var phone = await EventClient.ConnectAsync(Api, fan.Token);
        await using var laptop = await EventClient.ConnectAsync(Api, fan.Token);
        await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Put, $"/v1/spaces/{spaceId}/reminder", fan.Token), HttpStatusCode.OK);

        await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/start", hostUser.Token), HttpStatusCode.OK);

        foreach (var socket in new[] { phone, laptop })
        {
            var frame = await socket.NextEventAsync("notification");
            Assert.Equal("space_started", frame["notification"]!["kind"]!.GetValue<string>());
            Assert.Equal(spaceId, frame["notification"]!["space_id"]!.GetValue<string>());
            Assert.Equal("Launch party", frame["notification"]!["title"]!.GetValue<string>());
        }

        var inbox = await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Get, "/v1/users/me/notifications", fan.Token), HttpStatusCode.OK);
        Assert.Equal("space_started", inbox["data"]![0]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_invitation_to_speak_reaches_the_invitees_socket_and_nobody_elses()
    {
        var (hostUser, spaceId) = await Api.LiveSpaceAsync();
        var invitee = await Api.ListenerAsync(spaceId, "invitee");
        var bystander = await Api.ListenerAsync(spaceId, "bystander");
        await using var inviteeSocket = await EventClient.ConnectAsync(Api, invitee.Token);
        await using var bystanderSocket = await EventClient.ConnectAsync(Api, bystander.Token);

        await Api.ExpectAsync(await Api.SendAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/speakers/{invitee.Id}", hostUser.Token), HttpStatusCode.OK);

        var frame = await inviteeSocket.NextEventAsync("notification");
        Assert.Equal("speaker_invitation", frame["notification"]!["kind"]!.GetValue<string>());
        Assert.Equal(hostUser.Id, frame["notification"]!["by_user_id"]!.GetValue<string>());
        await bystanderSocket.SendAsync(new JsonObject { ["type"] = "ping" });
        await bystanderSocket.NextEventAsync("pong");
        Assert.DoesNotContain(bystanderSocket.Drain(), f => Type(f) == "notification");
    }
}
