using System.Net;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Infrastructure;
using static Spaces.Gateway.Tests.Http.SpacesClient;

namespace Spaces.Gateway.Tests.Http;

/// <summary>Co-hosts, muting, removal and reactions (product.md "Moderation" and "Reactions").</summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class ModerationApiTests(GatewayHost host)
{
    private readonly Api _api = host.Api;

    [Fact]
    public async Task A_cohost_is_added_and_steps_down_to_speaker()
    {
        var (creator, id) = await _api.LiveSpaceAsync();

        var cohost = await _api.CohostAsync(id, creator);

        var space = await _api.SpaceAsync(id, creator);
        Assert.Equal([cohost.Id], Strings(space["cohost_ids"]));
        Assert.Equal("cohost", StageMember(await _api.ParticipantsAsync(id, creator), cohost.Id)["role"]!.GetValue<string>());
        Assert.Equal("cohost", (await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/join", cohost, HttpStatusCode.OK))["role"]!.GetValue<string>());

        await _api.DoAsync(HttpMethod.Delete, $"/v1/spaces/{id}/cohosts/{cohost.Id}", creator);

        space = await _api.SpaceAsync(id, creator);
        Assert.Empty(Strings(space["cohost_ids"]));
        Assert.Equal([cohost.Id], Strings(space["speaker_ids"]));
    }

    [Fact]
    public async Task A_speaker_is_promoted_to_cohost_in_place()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var speaker = await _api.SpeakerAsync(id, creator);

        await _api.DoAsync(HttpMethod.Put, $"/v1/spaces/{id}/cohosts/{speaker.Id}", creator);
        await _api.DoAsync(HttpMethod.Put, $"/v1/spaces/{id}/cohosts/{speaker.Id}", creator);

        var space = await _api.SpaceAsync(id, creator);
        Assert.Equal([speaker.Id], Strings(space["cohost_ids"]));
        Assert.Empty(Strings(space["speaker_ids"]));
    }

    [Fact]
    public async Task A_third_cohost_is_409_and_changes_nothing()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        await _api.CohostAsync(id, creator);
        await _api.CohostAsync(id, creator);
        var third = await _api.ListenerAsync(id);
        var before = (await _api.ParticipantsAsync(id, creator)).ToJsonString();

        await _api.FailAsync(HttpMethod.Put, $"/v1/spaces/{id}/cohosts/{third.Id}", creator, HttpStatusCode.Conflict, "cohost_limit_reached");

        Assert.Equal(before, (await _api.ParticipantsAsync(id, creator)).ToJsonString());
        Assert.Equal(2, Strings((await _api.SpaceAsync(id, creator))["cohost_ids"]).Length);
    }

    [Fact]
    public async Task A_cohost_moderates_but_cannot_end_the_Space_or_touch_the_host()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var cohost = await _api.CohostAsync(id, creator);

        var speaker = await _api.SpeakerAsync(id, cohost);
        await _api.DoAsync(HttpMethod.Post, $"/v1/spaces/{id}/mute/{speaker.Id}", cohost);
        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/end", cohost, HttpStatusCode.Forbidden, "host_only");
        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/mute/{creator.Id}", cohost, HttpStatusCode.Forbidden, "cannot_act_on_host");
        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/remove/{creator.Id}", cohost, HttpStatusCode.Forbidden, "cannot_act_on_host");
        await _api.FailAsync(HttpMethod.Put, $"/v1/spaces/{id}/cohosts/{creator.Id}", cohost, HttpStatusCode.Forbidden, "cannot_act_on_host");

        var participants = await _api.ParticipantsAsync(id, creator);
        Assert.Equal([creator.Id, cohost.Id, speaker.Id], StageIds(participants));
        Assert.False(StageMember(participants, creator.Id)["muted"]!.GetValue<bool>());
        Assert.True(StageMember(participants, speaker.Id)["muted"]!.GetValue<bool>());
        Assert.Equal("live", (await _api.SpaceAsync(id, creator))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_muted_speaker_may_unmute_only_themselves()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var speaker = await _api.SpeakerAsync(id, creator);
        var mute = $"/v1/spaces/{id}/mute/{speaker.Id}";

        await _api.DoAsync(HttpMethod.Post, mute, creator);
        await _api.FailAsync(HttpMethod.Delete, mute, creator, HttpStatusCode.Forbidden, "only_self_can_unmute");
        Assert.True(StageMember(await _api.ParticipantsAsync(id, creator), speaker.Id)["muted"]!.GetValue<bool>());

        await _api.DoAsync(HttpMethod.Delete, mute, speaker);
        Assert.False(StageMember(await _api.ParticipantsAsync(id, creator), speaker.Id)["muted"]!.GetValue<bool>());

        await _api.DoAsync(HttpMethod.Post, mute, speaker);
        Assert.True(StageMember(await _api.ParticipantsAsync(id, creator), speaker.Id)["muted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Muting_needs_a_moderator_and_someone_on_stage()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var speaker = await _api.SpeakerAsync(id, creator);
        var listener = await _api.ListenerAsync(id);

        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/mute/{speaker.Id}", listener, HttpStatusCode.Forbidden, "host_or_cohost_only");
        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/mute/{listener.Id}", creator, HttpStatusCode.Conflict, "not_on_stage");

        Assert.False(StageMember(await _api.ParticipantsAsync(id, creator), speaker.Id)["muted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_removed_listener_leaves_and_cannot_rejoin()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var listener = await _api.ListenerAsync(id);

        await _api.DoAsync(HttpMethod.Post, $"/v1/spaces/{id}/remove/{listener.Id}", creator);

        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/join", listener, HttpStatusCode.Forbidden, "removed_from_space");
        var participants = await _api.ParticipantsAsync(id, creator);
        Assert.Equal(0, participants["listener_count"]!.GetValue<int>());
        Assert.Empty(Strings(participants["listeners"]));
    }

    [Fact]
    public async Task A_removed_speaker_loses_the_seat()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var speaker = await _api.SpeakerAsync(id, creator);

        await _api.DoAsync(HttpMethod.Post, $"/v1/spaces/{id}/remove/{speaker.Id}", creator);

        Assert.Equal([creator.Id], StageIds(await _api.ParticipantsAsync(id, creator)));
        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/join", speaker, HttpStatusCode.Forbidden, "removed_from_space");
    }

    [Fact]
    public async Task Removing_needs_a_moderator_and_nobody_removes_the_host()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var listener = await _api.ListenerAsync(id);
        var other = await _api.ListenerAsync(id);
        var cohost = await _api.CohostAsync(id, creator);

        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/remove/{other.Id}", listener, HttpStatusCode.Forbidden, "host_or_cohost_only");
        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/remove/{creator.Id}", creator, HttpStatusCode.Forbidden, "cannot_act_on_host");
        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/remove/{cohost.Id}", cohost, HttpStatusCode.BadRequest, "invalid_field", "user_id");

        var participants = await _api.ParticipantsAsync(id, creator);
        Assert.Equal([listener.Id, other.Id], Strings(participants["listeners"]));
        Assert.Equal([creator.Id, cohost.Id], StageIds(participants));
    }

    [Fact]
    public async Task Reactions_are_accepted_from_anyone_in_the_Space()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var listener = await _api.ListenerAsync(id);

        var accepted = await ReactAsync(id, listener, "👏");

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Empty(await accepted.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, (await ReactAsync(id, creator, "💯")).StatusCode);
        await Api.ExpectProblemAsync(await ReactAsync(id, await _api.UserAsync(), "👍"), HttpStatusCode.Conflict, "not_in_space");
    }

    [Theory]
    [InlineData("""{"emoji":"🦄"}""", "invalid_emoji")]
    [InlineData("""{"emoji":""}""", "invalid_emoji")]
    [InlineData("{}", "invalid_emoji")]
    [InlineData("""{"emoji":5}""", "invalid_json")]
    public async Task An_unknown_emoji_is_400_naming_emoji(string json, string code)
    {
        var (_, id) = await _api.LiveSpaceAsync();
        var listener = await _api.ListenerAsync(id);

        await Api.ExpectProblemAsync(await _api.SendRawAsync(HttpMethod.Post, $"/v1/spaces/{id}/reactions", listener.Token, json), HttpStatusCode.BadRequest, code, "emoji");
    }

    [Fact]
    public async Task A_moderator_blocks_and_unblocks_a_listeners_reactions()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var spammer = await _api.ListenerAsync(id);
        var blocked = $"/v1/spaces/{id}/reactions/blocked/{spammer.Id}";

        await _api.DoAsync(HttpMethod.Put, blocked, creator);
        await Api.ExpectProblemAsync(await ReactAsync(id, spammer, "👎"), HttpStatusCode.Forbidden, "reactions_blocked");
        await _api.FailAsync(HttpMethod.Delete, blocked, spammer, HttpStatusCode.Forbidden, "host_or_cohost_only");
        await Api.ExpectProblemAsync(await ReactAsync(id, spammer, "👎"), HttpStatusCode.Forbidden, "reactions_blocked");

        await _api.DoAsync(HttpMethod.Delete, blocked, creator);
        Assert.Equal(HttpStatusCode.Accepted, (await ReactAsync(id, spammer, "👍")).StatusCode);
    }

    [Fact]
    public async Task Moderation_of_an_ended_Space_is_409_space_ended()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var speaker = await _api.SpeakerAsync(id, creator);
        await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/end", creator, HttpStatusCode.OK);

        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/mute/{speaker.Id}", creator, HttpStatusCode.Conflict, "space_ended");
        await _api.FailAsync(HttpMethod.Put, $"/v1/spaces/{id}/cohosts/{speaker.Id}", creator, HttpStatusCode.Conflict, "space_ended");
        await Api.ExpectProblemAsync(await ReactAsync(id, speaker, "👋"), HttpStatusCode.Conflict, "space_ended");
    }

    private Task<HttpResponseMessage> ReactAsync(string spaceId, User user, string emoji) =>
        _api.SendAsync(HttpMethod.Post, $"/v1/spaces/{spaceId}/reactions", user.Token, new JsonObject { ["emoji"] = emoji });
}
