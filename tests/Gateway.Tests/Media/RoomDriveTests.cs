using System.Net;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Infrastructure;
using static Spaces.Gateway.Tests.Http.SpacesClient;
using static Spaces.Gateway.Tests.Media.MediaProbe;

namespace Spaces.Gateway.Tests.Media;

/// <summary>
/// The grains drive LiveKit (product.md "Media"): one room per live Space, named by its id; every role change
/// updates the participant's permission at once; mute, remove and end act on the room.
/// </summary>
[Collection(MediaCollection.Name)]
public sealed class RoomDriveTests(MediaHost host)
{
    private readonly Api _api = host.Api;

    [Fact]
    public async Task A_Space_created_live_opens_its_room_named_by_the_Space_id()
    {
        var (_, id) = await _api.LiveSpaceAsync("Morning show");

        var create = await host.LiveKit.WaitForCallAsync(id, "CreateRoom");

        Assert.Equal(id, create.Body["name"]!.GetValue<string>());
        Assert.Equal("Morning show", JsonNode.Parse(create.Body["metadata"]!.GetValue<string>())!["title"]!.GetValue<string>());
        Assert.Equal(id, host.LiveKit.GetRoom(id)?.Name);
    }

    [Fact]
    public async Task A_scheduled_Space_opens_its_room_when_started_and_never_when_canceled()
    {
        var (creator, id, _) = await _api.ScheduledSpaceAsync();
        var (otherHost, canceled, _) = await _api.ScheduledSpaceAsync();
        Assert.Empty(host.LiveKit.CallsFor(id));

        await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/start", creator, HttpStatusCode.OK);
        await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{canceled}/cancel", otherHost, HttpStatusCode.OK);

        await host.WhenIdleAsync(id);
        Assert.Equal(["CreateRoom"], Folded(host.LiveKit.CallsFor(id)).Select(c => c.Method));
        // A canceled Space never had a room: nothing to create, nothing to delete.
        host.AssertQuiet(canceled, callsBefore: 0);
    }

    [Fact]
    public async Task Every_role_change_updates_the_participants_permission_at_once()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        await host.WhenIdleAsync(id);
        var user = await _api.RaisedHandAsync(id);
        host.LiveKit.AddParticipant(id, user.Id, permission: new() { CanSubscribe = true });

        // Hand accepted → speaker; made co-host; steps down to speaker; moved back to the audience.
        await StepAsync(user, onStage: true, () => _api.AddSpeakerAsync(id, creator, user.Id), HttpStatusCode.OK);
        await StepAsync(user, onStage: true, () => _api.SendAsync(HttpMethod.Put, $"/v1/spaces/{id}/cohosts/{user.Id}", creator.Token), HttpStatusCode.NoContent);
        await StepAsync(user, onStage: true, () => _api.SendAsync(HttpMethod.Delete, $"/v1/spaces/{id}/cohosts/{user.Id}", creator.Token), HttpStatusCode.NoContent);
        await StepAsync(user, onStage: false, () => _api.SendAsync(HttpMethod.Delete, $"/v1/spaces/{id}/speakers/{user.Id}", creator.Token), HttpStatusCode.NoContent);

        // Each change is exactly one permission update, whatever LiveKit held before (a retried call counts once).
        async Task StepAsync(User target, bool onStage, Func<Task<HttpResponseMessage>> change, HttpStatusCode status)
        {
            var operations = await host.OperationsOfAsync(id, async () => await Api.ExpectAsync(await change(), status));

            Assert.True(
                operations.Count == 1 && HasPermission(operations[0], target.Id, onStage),
                $"expected one UpdateParticipant(publish={onStage}) for {target.Id}; LiveKit got: {Describe(operations)}");
            Assert.Equal(ExpectedPermissionText(onStage), PermissionText(host.LiveKit.GetParticipant(id, target.Id)?.Permission));
        }
    }

    [Fact]
    public async Task An_invited_listener_who_accepts_may_publish()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var invitee = await _api.ListenerAsync(id);
        await Api.ExpectAsync(await _api.AddSpeakerAsync(id, creator, invitee.Id), HttpStatusCode.OK);
        Assert.DoesNotContain(host.LiveKit.CallsFor(id), call => call.Identity == invitee.Id);

        await _api.DoAsync(HttpMethod.Post, $"/v1/spaces/{id}/invitations/accept", invitee);

        await host.LiveKit.WaitForCallAsync(id, "UpdateParticipant", call => HasPermission(call, invitee.Id, onStage: true));
    }

    [Fact]
    public async Task A_host_mute_mutes_the_speakers_published_microphone_in_LiveKit()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var speaker = await _api.SpeakerAsync(id, creator);
        host.LiveKit.AddParticipant(id, speaker.Id, audioTrackSid: "TR_mic");

        await _api.DoAsync(HttpMethod.Post, $"/v1/spaces/{id}/mute/{speaker.Id}", creator);

        var mute = await host.LiveKit.WaitForCallAsync(id, "MutePublishedTrack");
        Assert.Equal((speaker.Id, "TR_mic", true), (mute.Identity, mute.Body["trackSid"]!.GetValue<string>(), mute.Body["muted"]!.GetValue<bool>()));
        Assert.True(host.LiveKit.GetParticipant(id, speaker.Id)!.Tracks.Single().Muted);
    }

    [Fact]
    public async Task Removing_a_participant_disconnects_them_from_the_room()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var listener = await _api.ListenerAsync(id);
        host.LiveKit.AddParticipant(id, listener.Id);

        await _api.DoAsync(HttpMethod.Post, $"/v1/spaces/{id}/remove/{listener.Id}", creator);

        var remove = await host.LiveKit.WaitForCallAsync(id, "RemoveParticipant");
        Assert.Equal(listener.Id, remove.Identity);
        Assert.Null(host.LiveKit.GetParticipant(id, listener.Id));
    }

    [Fact]
    public async Task Ending_a_Space_deletes_its_room_last()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var speaker = await _api.SpeakerAsync(id, creator);

        await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/end", creator, HttpStatusCode.OK);

        await host.WhenIdleAsync(id);
        var operations = Folded(host.LiveKit.CallsFor(id));
        Assert.Equal(["CreateRoom", "UpdateParticipant", "DeleteRoom"], operations.Select(c => c.Method));
        Assert.Equal(speaker.Id, operations[1].Identity);
        Assert.Null(host.LiveKit.GetRoom(id));
    }

    [Fact]
    public async Task Room_operations_carry_the_narrowest_grant_LiveKit_accepts()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var speaker = await _api.SpeakerAsync(id, creator);
        await _api.DoAsync(HttpMethod.Post, $"/v1/spaces/{id}/remove/{speaker.Id}", creator);
        await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/end", creator, HttpStatusCode.OK);
        await host.LiveKit.WaitForCallAsync(id, "DeleteRoom");

        var requests = host.LiveKit.Requests.Where(r => r.Body.Contains(id, StringComparison.Ordinal)).ToList();

        Assert.All(requests, r => Assert.NotNull(r.Grant));
        Assert.All(requests.Where(r => r.Method is "CreateRoom" or "DeleteRoom"), r => Assert.Equal((true, null, null), (r.Grant!.RoomCreate, r.Grant.RoomAdmin, r.Grant.Room)));
        Assert.All(requests.Where(r => r.Method is "UpdateParticipant" or "RemoveParticipant"), r => Assert.Equal((null, true, id), (r.Grant!.RoomCreate, r.Grant.RoomAdmin, r.Grant.Room)));
    }
}
