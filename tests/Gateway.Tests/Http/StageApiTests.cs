using System.Net;
using Spaces.Gateway.Tests.Infrastructure;
using static Spaces.Gateway.Tests.Http.SpacesClient;

namespace Spaces.Gateway.Tests.Http;

/// <summary>Joining, the audience, raised hands, invitations and the 13 seats of the stage.</summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class StageApiTests(GatewayHost host)
{
    private const int MaxStageSize = 13;

    private readonly Api _api = host.Api;

    [Fact]
    public async Task Joining_answers_the_role_and_media_and_counts_the_listener()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var listener = await _api.UserAsync();

        var joined = await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/join", listener, HttpStatusCode.OK);
        await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/join", listener, HttpStatusCode.OK);

        Assert.Equal(["media", "role"], Keys(joined));
        Assert.Equal("listener", joined["role"]!.GetValue<string>());
        Assert.Equal("ws://localhost:7880", joined["media"]!["url"]!.GetValue<string>());
        Assert.Equal(3, joined["media"]!["token"]!.GetValue<string>().Split('.').Length);
        Assert.Equal("host", (await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/join", creator, HttpStatusCode.OK))["role"]!.GetValue<string>());
        var participants = await _api.ParticipantsAsync(id, listener);
        Assert.Equal(1, participants["listener_count"]!.GetValue<int>());
        Assert.Equal([listener.Id], Strings(participants["listeners"]));
        Assert.Equal(2, (await _api.SpaceAsync(id, listener))["participant_count"]!.GetValue<int>());

        await _api.DoAsync(HttpMethod.Post, $"/v1/spaces/{id}/leave", listener);
        Assert.Equal(0, (await _api.ParticipantsAsync(id, listener))["listener_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Participants_show_the_stage_and_page_the_listeners_in_join_order()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var listeners = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            listeners.Add((await _api.ListenerAsync(id)).Id);
        }

        var first = await _api.ParticipantsAsync(id, creator, "?limit=2");
        var second = await _api.ParticipantsAsync(id, creator, $"?limit=2&cursor={first["next_cursor"]}");
        var last = await _api.ParticipantsAsync(id, creator, $"?limit=2&cursor={second["next_cursor"]}");

        Assert.Equal(["hands", "invited_user_ids", "listener_count", "listeners", "next_cursor", "space_id", "stage"], Keys(first));
        Assert.Equal(id, first["space_id"]!.GetValue<string>());
        Assert.Equal(5, first["listener_count"]!.GetValue<int>());
        Assert.Equal(listeners, [.. Strings(first["listeners"]), .. Strings(second["listeners"]), .. Strings(last["listeners"])]);
        Assert.Equal(2, Strings(first["listeners"]).Length);
        Assert.Null(last["next_cursor"]);
        var hostEntry = Assert.Single(first["stage"]!.AsArray())!;
        Assert.Equal(["muted", "present", "role", "user_id"], Keys(hostEntry));
        Assert.Equal(creator.Id, hostEntry["user_id"]!.GetValue<string>());
        Assert.Equal("host", hostEntry["role"]!.GetValue<string>());
        Assert.False(hostEntry["muted"]!.GetValue<bool>());
        Assert.True(hostEntry["present"]!.GetValue<bool>());
        Assert.Equal(listeners, Strings((await _api.ParticipantsAsync(id, creator))["listeners"]));
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=201", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?cursor=-1", "cursor")]
    [InlineData("?cursor=next", "cursor")]
    public async Task Participants_reject_a_bad_limit_or_cursor(string query, string field)
    {
        var (creator, id) = await _api.LiveSpaceAsync();

        await _api.FailAsync(HttpMethod.Get, $"/v1/spaces/{id}/participants{query}", creator, HttpStatusCode.BadRequest, "invalid_field", field);
    }

    [Fact]
    public async Task Raising_a_hand_is_idempotent_and_lowering_it_clears_it()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var listener = await _api.RaisedHandAsync(id);
        await _api.DoAsync(HttpMethod.Put, $"/v1/spaces/{id}/hand", listener);

        var hand = Assert.Single((await _api.ParticipantsAsync(id, creator))["hands"]!.AsArray())!;
        Assert.Equal(["raised_at", "user_id"], Keys(hand));
        Assert.Equal(listener.Id, hand["user_id"]!.GetValue<string>());

        await _api.DoAsync(HttpMethod.Delete, $"/v1/spaces/{id}/hand", listener);
        Assert.Empty(HandIds(await _api.ParticipantsAsync(id, creator)));
    }

    [Fact]
    public async Task Raising_a_hand_needs_to_be_in_the_audience()
    {
        var (creator, id) = await _api.LiveSpaceAsync();

        await _api.FailAsync(HttpMethod.Put, $"/v1/spaces/{id}/hand", await _api.UserAsync(), HttpStatusCode.Conflict, "not_in_space");
        await _api.FailAsync(HttpMethod.Put, $"/v1/spaces/{id}/hand", creator, HttpStatusCode.Conflict, "already_on_stage");
        Assert.Empty(HandIds(await _api.ParticipantsAsync(id, creator)));
    }

    [Fact]
    public async Task Accepting_a_raised_hand_puts_the_listener_on_stage()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var listener = await _api.RaisedHandAsync(id);

        var accepted = await Api.ExpectAsync(await _api.AddSpeakerAsync(id, creator, listener.Id), HttpStatusCode.OK);

        Assert.Equal("""{"result":"hand_accepted"}""", accepted.ToJsonString());
        var participants = await _api.ParticipantsAsync(id, creator);
        Assert.Equal([creator.Id, listener.Id], StageIds(participants));
        Assert.Equal("speaker", StageMember(participants, listener.Id)["role"]!.GetValue<string>());
        Assert.True(StageMember(participants, listener.Id)["present"]!.GetValue<bool>());
        Assert.Empty(HandIds(participants));
        Assert.Equal(0, participants["listener_count"]!.GetValue<int>());
        Assert.Equal([listener.Id], Strings((await _api.SpaceAsync(id, creator))["speaker_ids"]));
        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/speakers/{listener.Id}", creator, HttpStatusCode.Conflict, "already_on_stage");
    }

    [Fact]
    public async Task An_invited_listener_accepts_and_goes_on_stage()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var listener = await _api.ListenerAsync(id);

        var invited = await Api.ExpectAsync(await _api.AddSpeakerAsync(id, creator, listener.Id), HttpStatusCode.OK);
        await Api.ExpectAsync(await _api.AddSpeakerAsync(id, creator, listener.Id), HttpStatusCode.OK);

        Assert.Equal("""{"result":"invited"}""", invited.ToJsonString());
        Assert.Equal([listener.Id], Strings((await _api.SpaceAsync(id, creator))["invited_user_ids"]));
        Assert.Equal([listener.Id], Strings((await _api.ParticipantsAsync(id, creator))["invited_user_ids"]));

        await _api.DoAsync(HttpMethod.Post, $"/v1/spaces/{id}/invitations/accept", listener);

        var space = await _api.SpaceAsync(id, creator);
        Assert.Empty(Strings(space["invited_user_ids"]));
        Assert.Equal([listener.Id], Strings(space["speaker_ids"]));
    }

    [Fact]
    public async Task An_invited_listener_may_decline_and_the_host_may_withdraw()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var decliner = await _api.ListenerAsync(id);
        var withdrawn = await _api.ListenerAsync(id);
        await Api.ExpectAsync(await _api.AddSpeakerAsync(id, creator, decliner.Id), HttpStatusCode.OK);
        await Api.ExpectAsync(await _api.AddSpeakerAsync(id, creator, withdrawn.Id), HttpStatusCode.OK);

        await _api.DoAsync(HttpMethod.Post, $"/v1/spaces/{id}/invitations/decline", decliner);
        await _api.DoAsync(HttpMethod.Delete, $"/v1/spaces/{id}/speakers/{withdrawn.Id}", creator);

        var participants = await _api.ParticipantsAsync(id, creator);
        Assert.Empty(Strings(participants["invited_user_ids"]));
        Assert.Equal([creator.Id], StageIds(participants));
        foreach (var answer in new[] { "accept", "decline" })
        {
            await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/invitations/{answer}", decliner, HttpStatusCode.Conflict, "no_pending_invitation");
        }
    }

    [Fact]
    public async Task A_speaker_goes_back_to_the_audience_moved_by_the_host_or_by_themselves()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var moved = await _api.SpeakerAsync(id, creator);
        var steppedDown = await _api.SpeakerAsync(id, creator);

        await _api.DoAsync(HttpMethod.Delete, $"/v1/spaces/{id}/speakers/{moved.Id}", creator);
        await _api.DoAsync(HttpMethod.Delete, $"/v1/spaces/{id}/speakers/{steppedDown.Id}", steppedDown);

        var participants = await _api.ParticipantsAsync(id, creator);
        Assert.Equal([creator.Id], StageIds(participants));
        Assert.Equal(2, participants["listener_count"]!.GetValue<int>());
        await _api.FailAsync(HttpMethod.Delete, $"/v1/spaces/{id}/speakers/{moved.Id}", creator, HttpStatusCode.Conflict, "not_on_stage");
        await _api.FailAsync(HttpMethod.Delete, $"/v1/spaces/{id}/speakers/{creator.Id}", creator, HttpStatusCode.Forbidden, "cannot_act_on_host");
    }

    [Fact]
    public async Task The_host_dismisses_a_hand()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var listener = await _api.RaisedHandAsync(id);

        await _api.DoAsync(HttpMethod.Delete, $"/v1/spaces/{id}/hands/{listener.Id}", creator);

        Assert.Empty(HandIds(await _api.ParticipantsAsync(id, creator)));
    }

    [Fact]
    public async Task A_listener_cannot_accept_dismiss_invite_or_move_others_and_nothing_changes()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var speaker = await _api.SpeakerAsync(id, creator);
        var hand = await _api.RaisedHandAsync(id);
        var listener = await _api.ListenerAsync(id);
        var before = (await _api.ParticipantsAsync(id, creator)).ToJsonString();

        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/speakers/{hand.Id}", listener, HttpStatusCode.Forbidden, "host_or_cohost_only");
        await _api.FailAsync(HttpMethod.Delete, $"/v1/spaces/{id}/hands/{hand.Id}", listener, HttpStatusCode.Forbidden, "host_or_cohost_only");
        await _api.FailAsync(HttpMethod.Delete, $"/v1/spaces/{id}/speakers/{speaker.Id}", listener, HttpStatusCode.Forbidden, "host_or_cohost_only");
        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/speakers/{listener.Id}", speaker, HttpStatusCode.Forbidden, "host_or_cohost_only");

        Assert.Equal(before, (await _api.ParticipantsAsync(id, creator)).ToJsonString());
    }

    [Fact]
    public async Task The_stage_holds_13_and_one_more_is_409_stage_full()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        await _api.SpeakersAsync(id, creator, MaxStageSize - 1);
        var hand = await _api.RaisedHandAsync(id);
        var listener = await _api.ListenerAsync(id);

        await Api.ExpectProblemAsync(await _api.AddSpeakerAsync(id, creator, hand.Id), HttpStatusCode.Conflict, "stage_full");
        await Api.ExpectProblemAsync(await _api.AddSpeakerAsync(id, creator, listener.Id), HttpStatusCode.Conflict, "stage_full");

        var participants = await _api.ParticipantsAsync(id, creator);
        Assert.Equal(MaxStageSize, StageIds(participants).Length);
        Assert.Equal([hand.Id, listener.Id], Strings(participants["listeners"]));
        Assert.Empty(Strings(participants["invited_user_ids"]));
    }

    [Fact]
    public async Task A_stage_full_refusal_keeps_the_hand_raised()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        await _api.SpeakersAsync(id, creator, MaxStageSize - 1);
        var hand = await _api.RaisedHandAsync(id);

        await Api.ExpectProblemAsync(await _api.AddSpeakerAsync(id, creator, hand.Id), HttpStatusCode.Conflict, "stage_full");

        Assert.Equal([hand.Id], HandIds(await _api.ParticipantsAsync(id, creator)));
    }

    [Fact]
    public async Task Accepting_20_hands_at_once_seats_exactly_12()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var hands = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _api.RaisedHandAsync(id)));

        var responses = await Task.WhenAll(hands.Select(hand => _api.AddSpeakerAsync(id, creator, hand.Id)));

        var accepted = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToArray();
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.Conflict).ToArray();
        Assert.Equal(MaxStageSize - 1, accepted.Length);
        Assert.Equal(20 - (MaxStageSize - 1), refused.Length);
        foreach (var response in accepted)
        {
            Assert.Equal("hand_accepted", (await Api.ExpectAsync(response, HttpStatusCode.OK))["result"]!.GetValue<string>());
        }

        foreach (var response in refused)
        {
            await Api.ExpectProblemAsync(response, HttpStatusCode.Conflict, "stage_full");
        }

        Assert.Equal(MaxStageSize, StageIds(await _api.ParticipantsAsync(id, creator)).Length);
    }
}
