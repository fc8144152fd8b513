using System.Net;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Infrastructure;
using static Spaces.Gateway.Tests.Http.SpacesClient;

namespace Spaces.Gateway.Tests.Http;

/// <summary>Creating, reading, editing, starting, ending and canceling Spaces (product.md "Lifecycle").</summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class SpaceLifecycleApiTests(GatewayHost host)
{
    private static readonly string[] SpaceFields =
    [
        "cohost_ids", "created_at", "creator_id", "ended_at", "host_ids", "id", "invited_user_ids", "is_ticketed", "lang", "participant_count",
        "peak_listeners", "recording", "scheduled_start", "speaker_ids", "started_at", "state", "subscriber_count", "ticket", "title", "topic_ids",
        "total_listeners", "updated_at",
    ];

    private readonly Api _api = host.Api;

    [Fact]
    public async Task Creating_without_a_start_time_goes_live_at_once_with_every_documented_field()
    {
        var creator = await _api.UserAsync("host", followers: 600);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var response = await _api.CreateSpaceAsync(creator, new JsonObject { ["title"] = "Morning show", ["topic_ids"] = new JsonArray("tech", "music"), ["lang"] = "EN" });

        var space = await Api.ExpectAsync(response, HttpStatusCode.Created);
        var id = space["id"]!.GetValue<string>();
        Assert.Matches("^[A-Za-z0-9]{13}$", id);
        Assert.Equal($"/v1/spaces/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(SpaceFields, Keys(space));
        Assert.Equal("live", space["state"]!.GetValue<string>());
        Assert.Equal("Morning show", space["title"]!.GetValue<string>());
        Assert.Equal(creator.Id, space["creator_id"]!.GetValue<string>());
        Assert.Equal([creator.Id], Strings(space["host_ids"]));
        Assert.Empty(Strings(space["cohost_ids"]));
        Assert.Empty(Strings(space["speaker_ids"]));
        Assert.Empty(Strings(space["invited_user_ids"]));
        Assert.Equal(1, space["participant_count"]!.GetValue<int>());
        Assert.Equal(0, space["subscriber_count"]!.GetValue<int>());
        Assert.False(space["is_ticketed"]!.GetValue<bool>());
        Assert.Null(space["ticket"]);
        Assert.Null(space["scheduled_start"]);
        Assert.InRange(space["started_at"]!.GetValue<DateTimeOffset>(), before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Null(space["ended_at"]);
        Assert.InRange(space["created_at"]!.GetValue<DateTimeOffset>(), before, space["started_at"]!.GetValue<DateTimeOffset>());
        Assert.True(space["updated_at"]!.GetValue<DateTimeOffset>() >= space["created_at"]!.GetValue<DateTimeOffset>());
        Assert.Equal("en", space["lang"]!.GetValue<string>());
        Assert.Equal(["tech", "music"], Strings(space["topic_ids"]));
        Assert.Equal(0, space["peak_listeners"]!.GetValue<int>());
        Assert.Equal(0, space["total_listeners"]!.GetValue<int>());

        Assert.Equal(space.ToJsonString(), (await _api.SpaceAsync(id, await _api.UserAsync())).ToJsonString());
    }

    [Fact]
    public async Task A_title_of_70_characters_is_fine_and_emoji_count_as_one_character()
    {
        var creator = await _api.UserAsync("host", followers: 600);

        foreach (var title in new[] { new string('a', 70), string.Concat(Enumerable.Repeat("😂", 70)) })
        {
            var space = await Api.ExpectAsync(await _api.CreateSpaceAsync(creator, new JsonObject { ["title"] = title }), HttpStatusCode.Created);
            Assert.Equal(title, space["title"]!.GetValue<string>());
        }
    }

    public static TheoryData<string, string, string> BadCreates => new()
    {
        { "{}", "title_required", "title" },
        { """{"title":null}""", "title_required", "title" },
        { """{"title":"   "}""", "title_required", "title" },
        { $$"""{"title":"{{new string('a', 71)}}"}""", "title_too_long", "title" },
        { $$"""{"title":"{{string.Concat(Enumerable.Repeat("😂", 71))}}"}""", "title_too_long", "title" },
        { """{"title":"tab\tinside"}""", "invalid_field", "title" },
        { """{"title":5}""", "invalid_json", "title" },
        { """{"title":["a"]}""", "invalid_json", "title" },
        { "not json", "invalid_json", "body" },
        { """{"title":"ok",""", "invalid_json", "body" },
        { "[]", "invalid_json", "body" },
        { """{"title":"ok","lang":"english"}""", "invalid_field", "lang" },
        { """{"title":"ok","topic_ids":"tech"}""", "invalid_json", "topic_ids" },
        { """{"title":"ok","topic_ids":["a","b","c","d"]}""", "invalid_field", "topic_ids" },
        { """{"title":"ok","topic_ids":["no spaces"]}""", "invalid_field", "topic_ids" },
        { """{"title":"ok","scheduled_start":"tomorrow"}""", "invalid_json", "scheduled_start" },
        { """{"title":"ok","scheduled_start":"2020-01-01T00:00:00Z"}""", "invalid_schedule", "scheduled_start" },
        { """{"title":"ok","scheduled_start":"2100-01-01T00:00:00Z"}""", "invalid_schedule", "scheduled_start" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task Bad_input_is_400_naming_the_field_and_creates_nothing(string json, string code, string field)
    {
        var creator = await _api.UserAsync("host", followers: 600);

        await Api.ExpectProblemAsync(await _api.SendRawAsync(HttpMethod.Post, "/v1/spaces", creator.Token, json), HttpStatusCode.BadRequest, code, field);

        Assert.Empty(await _api.CreatedSpaceIdsAsync(creator.Id, creator));
    }

    [Fact]
    public async Task A_missing_body_is_400_naming_the_body()
    {
        var creator = await _api.UserAsync("host", followers: 600);

        var problem = await Api.ExpectAsync(await _api.SendRawAsync(HttpMethod.Post, "/v1/spaces", creator.Token, ""), HttpStatusCode.BadRequest);

        Assert.Equal("body", problem["field"]?.GetValue<string>());
    }

    [Fact]
    public async Task Hosting_needs_600_followers_a_403_naming_the_rule_and_creating_nothing()
    {
        var creator = await _api.UserAsync("almost", followers: 599);

        var problem = await Api.ExpectProblemAsync(
            await _api.CreateSpaceAsync(creator, new JsonObject { ["title"] = "Not yet" }), HttpStatusCode.Forbidden, "not_eligible_to_host");

        var detail = problem["detail"]!.GetValue<string>();
        Assert.Contains("MinFollowersToHost", detail, StringComparison.Ordinal);
        Assert.Contains("600", detail, StringComparison.Ordinal);
        Assert.Empty(await _api.CreatedSpaceIdsAsync(creator.Id, creator));
    }

    [Fact]
    public async Task A_ticketed_Space_needs_the_ticketed_threshold_and_a_refusal_creates_nothing()
    {
        var creator = await _api.UserAsync("host", followers: 600);
        var body = new JsonObject { ["title"] = "Paid", ["ticket"] = new JsonObject { ["price"] = 500, ["currency"] = "USD", ["capacity"] = 10 } };

        await Api.ExpectProblemAsync(await _api.CreateSpaceAsync(creator, body), HttpStatusCode.Forbidden, "not_eligible_to_host_ticketed");

        Assert.Empty(await _api.CreatedSpaceIdsAsync(creator.Id, creator));
    }

    [Fact]
    public async Task Reading_one_Space_checks_its_id()
    {
        var viewer = await _api.UserAsync();

        await _api.FailAsync(HttpMethod.Get, "/v1/spaces/short", viewer, HttpStatusCode.BadRequest, "invalid_id", "id");
        await _api.FailAsync(HttpMethod.Get, "/v1/spaces/has-a-dash-13", viewer, HttpStatusCode.BadRequest, "invalid_id", "id");
        await _api.FailAsync(HttpMethod.Get, $"/v1/spaces/{UnknownSpaceId}", viewer, HttpStatusCode.NotFound, "space_not_found");
    }

    [Fact]
    public async Task Reading_many_Spaces_keeps_the_order_asked_and_leaves_out_unknown_ids()
    {
        var (_, a) = await _api.LiveSpaceAsync("A");
        var (_, b) = await _api.LiveSpaceAsync("B");
        var viewer = await _api.UserAsync();

        var many = await _api.GetAsync($"/v1/spaces?ids={b},{UnknownSpaceId},{a},{b}", viewer);

        Assert.Equal([b, a], Strings(many["data"], "id"));
        Assert.Equal(SpaceFields, Keys(many["data"]![0]!));
    }

    [Theory]
    [InlineData("", "invalid_field")]
    [InlineData("?ids=", "invalid_field")]
    [InlineData("?ids=abc", "invalid_id")]
    [InlineData("?ids=" + UnknownSpaceId + ",not-a-space!", "invalid_id")]
    public async Task Reading_many_Spaces_needs_well_formed_ids(string query, string code)
    {
        await _api.FailAsync(HttpMethod.Get, $"/v1/spaces{query}", await _api.UserAsync(), HttpStatusCode.BadRequest, code, "ids");
    }

    [Fact]
    public async Task Reading_many_Spaces_with_an_empty_id_list_is_400()
    {
        await _api.FailAsync(HttpMethod.Get, "/v1/spaces?ids=,", await _api.UserAsync(), HttpStatusCode.BadRequest, "invalid_field", "ids");
    }

    [Fact]
    public async Task Reading_many_Spaces_takes_at_most_100_ids()
    {
        var viewer = await _api.UserAsync();
        var ids = Enumerable.Range(0, 101).Select(i => $"zzzzzzzzz{i:D4}").ToArray();

        await _api.GetAsync($"/v1/spaces?ids={string.Join(',', ids[..100])}", viewer);
        await _api.FailAsync(HttpMethod.Get, $"/v1/spaces?ids={string.Join(',', ids)}", viewer, HttpStatusCode.BadRequest, "too_many_ids", "ids");
    }

    [Fact]
    public async Task A_scheduled_Space_can_be_edited_then_started()
    {
        var (creator, id, space) = await _api.ScheduledSpaceAsync();
        Assert.Equal("scheduled", space["state"]!.GetValue<string>());
        Assert.Null(space["started_at"]);
        var listener = await _api.UserAsync();
        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/join", listener, HttpStatusCode.Conflict, "space_not_live");

        var retitled = await PatchAsync(creator, id, new JsonObject { ["title"] = "Renamed" });
        Assert.Equal("Renamed", retitled["title"]!.GetValue<string>());
        Assert.Equal(space["scheduled_start"]!.GetValue<DateTimeOffset>(), retitled["scheduled_start"]!.GetValue<DateTimeOffset>());

        var later = DateTimeOffset.UtcNow.AddDays(1);
        var moved = await PatchAsync(creator, id, new JsonObject { ["scheduled_start"] = Timestamp(later) });
        Assert.Equal(Timestamp(later), Timestamp(moved["scheduled_start"]!.GetValue<DateTimeOffset>()));
        Assert.Equal("Renamed", moved["title"]!.GetValue<string>());

        var started = await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/start", creator, HttpStatusCode.OK);
        Assert.Equal("live", started["state"]!.GetValue<string>());
        Assert.NotNull(started["started_at"]);
        Assert.Equal("listener", (await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/join", listener, HttpStatusCode.OK))["role"]!.GetValue<string>());

        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/start", creator, HttpStatusCode.Conflict, "wrong_state");
        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/cancel", creator, HttpStatusCode.Conflict, "wrong_state");
        await _api.FailAsync(HttpMethod.Patch, $"/v1/spaces/{id}", creator, HttpStatusCode.Conflict, "wrong_state", body: new JsonObject { ["title"] = "Too late" });
        Assert.Equal("Renamed", (await _api.SpaceAsync(id, creator))["title"]!.GetValue<string>());
    }

    public static TheoryData<string, string, string> BadPatches => new()
    {
        { "{}", "invalid_field", "title" },
        { """{"title":"  "}""", "title_required", "title" },
        { $$"""{"title":"{{new string('a', 71)}}"}""", "title_too_long", "title" },
        { """{"title":5}""", "invalid_json", "title" },
        { "{", "invalid_json", "body" },
        { """{"scheduled_start":"2020-01-01T00:00:00Z"}""", "invalid_schedule", "scheduled_start" },
        { """{"title":"Fine","scheduled_start":"2020-01-01T00:00:00Z"}""", "invalid_schedule", "scheduled_start" },
    };

    [Theory]
    [MemberData(nameof(BadPatches))]
    public async Task A_rejected_edit_is_400_and_changes_nothing(string json, string code, string field)
    {
        var (creator, id, before) = await _api.ScheduledSpaceAsync();

        await Api.ExpectProblemAsync(await _api.SendRawAsync(HttpMethod.Patch, $"/v1/spaces/{id}", creator.Token, json), HttpStatusCode.BadRequest, code, field);

        Assert.Equal(before.ToJsonString(), (await _api.SpaceAsync(id, creator)).ToJsonString());
    }

    [Fact]
    public async Task Only_the_host_edits_starts_or_cancels_a_scheduled_Space()
    {
        var (_, id, before) = await _api.ScheduledSpaceAsync();
        var other = await _api.UserAsync("other", followers: 600);

        await _api.FailAsync(HttpMethod.Patch, $"/v1/spaces/{id}", other, HttpStatusCode.Forbidden, "host_only", body: new JsonObject { ["title"] = "Mine now" });
        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/start", other, HttpStatusCode.Forbidden, "host_only");
        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/cancel", other, HttpStatusCode.Forbidden, "host_only");

        Assert.Equal(before.ToJsonString(), (await _api.SpaceAsync(id, other)).ToJsonString());
    }

    [Fact]
    public async Task A_canceled_Space_stays_canceled()
    {
        var (creator, id, _) = await _api.ScheduledSpaceAsync();

        var canceled = await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/cancel", creator, HttpStatusCode.OK);

        Assert.Equal("canceled", canceled["state"]!.GetValue<string>());
        Assert.NotNull(canceled["ended_at"]);
        Assert.Null(canceled["started_at"]);
        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/cancel", creator, HttpStatusCode.Conflict, "space_ended");
        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/start", creator, HttpStatusCode.Conflict, "space_ended");
        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/join", await _api.UserAsync(), HttpStatusCode.Conflict, "space_ended");
        Assert.Equal(canceled.ToJsonString(), (await _api.SpaceAsync(id, creator)).ToJsonString());
    }

    [Fact]
    public async Task Ending_a_live_Space_keeps_its_summary_and_ending_it_again_is_409()
    {
        var (creator, id) = await _api.LiveSpaceAsync();
        var first = await _api.ListenerAsync(id);
        await _api.ListenerAsync(id);
        await _api.DoAsync(HttpMethod.Post, $"/v1/spaces/{id}/leave", first);
        var speaker = await _api.SpeakerAsync(id, creator);

        var ended = await _api.CallAsync(HttpMethod.Post, $"/v1/spaces/{id}/end", creator, HttpStatusCode.OK);

        Assert.Equal("ended", ended["state"]!.GetValue<string>());
        Assert.NotNull(ended["started_at"]);
        Assert.True(ended["ended_at"]!.GetValue<DateTimeOffset>() >= ended["started_at"]!.GetValue<DateTimeOffset>());
        Assert.Equal([speaker.Id], Strings(ended["speaker_ids"]));
        Assert.Equal(2, ended["peak_listeners"]!.GetValue<int>());
        Assert.Equal(3, ended["total_listeners"]!.GetValue<int>());
        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/end", creator, HttpStatusCode.Conflict, "space_ended");
        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/join", first, HttpStatusCode.Conflict, "space_ended");
        Assert.Equal(ended.ToJsonString(), (await _api.SpaceAsync(id, first)).ToJsonString());
    }

    [Fact]
    public async Task Only_the_host_ends_a_live_Space()
    {
        var (_, id) = await _api.LiveSpaceAsync();
        var listener = await _api.ListenerAsync(id);

        await _api.FailAsync(HttpMethod.Post, $"/v1/spaces/{id}/end", listener, HttpStatusCode.Forbidden, "host_only");

        Assert.Equal("live", (await _api.SpaceAsync(id, listener))["state"]!.GetValue<string>());
    }

    private Task<JsonNode> PatchAsync(User creator, string id, JsonObject update) =>
        _api.CallAsync(HttpMethod.Patch, $"/v1/spaces/{id}", creator, HttpStatusCode.OK, update);
}
