using System.Net;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Infrastructure;
using static Spaces.Gateway.Tests.Http.SpacesClient;

namespace Spaces.Gateway.Tests.Http;

/// <summary>Sign-in, profiles, the follow graph and the admin follower sync.</summary>
[Collection(SharedGatewayCollection.Name)]
public sealed class UserApiTests(GatewayHost host)
{
    private readonly Api _api = host.Api;

    [Fact]
    public async Task Dev_token_returns_only_a_token_that_signs_the_user_in()
    {
        var id = Api.NewUserId();

        var body = await _api.CallAsync(HttpMethod.Post, "/v1/dev/token", null, HttpStatusCode.OK, new JsonObject { ["user_id"] = id, ["display_name"] = "Ada" });

        Assert.Equal(["token"], Keys(body));
        var user = new User(id, body["token"]!.GetValue<string>());
        Assert.Equal("Ada", (await _api.ProfileAsync(id, user))["display_name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"user_id":"not a user id"}""", "invalid_id", "user_id")]
    [InlineData("""{"display_name":"No Id"}""", "invalid_id", "user_id")]
    [InlineData("""{"user_id":"{id}","roles":["root"]}""", "invalid_field", "roles")]
    [InlineData("""{"user_id":"{id}","roles":"admin"}""", "invalid_json", "roles")]
    [InlineData("""{"user_id":"{id}","display_name":"   "}""", "invalid_field", "display_name")]
    [InlineData("""{"user_id":"{id}","display_name":"an overly long display name, longer than fifty chars"}""", "invalid_field", "display_name")]
    public async Task Dev_token_rejects_bad_input_and_creates_no_account(string json, string code, string field)
    {
        var id = Api.NewUserId("rejected");

        var response = await _api.SendRawAsync(HttpMethod.Post, "/v1/dev/token", null, json.Replace("{id}", id, StringComparison.Ordinal));

        await Api.ExpectProblemAsync(response, HttpStatusCode.BadRequest, code, field);
        await _api.FailAsync(HttpMethod.Get, $"/v1/users/{id}", await _api.UserAsync(), HttpStatusCode.NotFound, "user_not_found");
    }

    [Theory]
    [InlineData(0, false, false)]
    [InlineData(599, false, false)]
    [InlineData(600, true, false)]
    [InlineData(1000, true, true)]
    public async Task Profile_has_the_documented_fields_and_hosting_eligibility(long followers, bool canHost, bool canHostTicketed)
    {
        var viewer = await _api.UserAsync();
        var user = await _api.UserAsync("profiled", followers);

        var profile = await _api.ProfileAsync(user.Id, viewer);

        Assert.Equal(["bio", "can_host", "can_host_ticketed", "display_name", "followers_count", "following_count", "id"], Keys(profile));
        Assert.Equal(user.Id, profile["id"]!.GetValue<string>());
        Assert.Equal(user.Id, profile["display_name"]!.GetValue<string>());
        Assert.Equal("", profile["bio"]!.GetValue<string>());
        Assert.Equal(followers, profile["followers_count"]!.GetValue<long>());
        Assert.Equal(0, profile["following_count"]!.GetValue<long>());
        Assert.Equal(canHost, profile["can_host"]!.GetValue<bool>());
        Assert.Equal(canHostTicketed, profile["can_host_ticketed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Unknown_user_is_404_and_a_malformed_user_id_is_400()
    {
        var viewer = await _api.UserAsync();

        await _api.FailAsync(HttpMethod.Get, $"/v1/users/{Api.NewUserId("ghost")}", viewer, HttpStatusCode.NotFound, "user_not_found");
        await _api.FailAsync(HttpMethod.Get, "/v1/users/bad~id", viewer, HttpStatusCode.BadRequest, "invalid_id", "id");
    }

    [Fact]
    public async Task Updating_my_profile_changes_only_the_given_fields()
    {
        var me = await _api.UserAsync();

        var updated = await _api.CallAsync(HttpMethod.Put, "/v1/users/me", me, HttpStatusCode.OK, new JsonObject { ["display_name"] = "Grace", ["bio"] = "Compilers." });
        Assert.Equal("Grace", updated["display_name"]!.GetValue<string>());
        Assert.Equal("Compilers.", updated["bio"]!.GetValue<string>());

        await _api.CallAsync(HttpMethod.Put, "/v1/users/me", me, HttpStatusCode.OK, new JsonObject { ["bio"] = "Navy." });
        var profile = await _api.ProfileAsync(me.Id, me);
        Assert.Equal("Grace", profile["display_name"]!.GetValue<string>());
        Assert.Equal("Navy.", profile["bio"]!.GetValue<string>());
    }

    public static TheoryData<string, string, string> BadProfileUpdates => new()
    {
        { """{"display_name":""}""", "invalid_field", "display_name" },
        { $$"""{"display_name":"{{new string('n', 51)}}","bio":"fine"}""", "invalid_field", "display_name" },
        { $$"""{"display_name":"Fine","bio":"{{new string('b', 161)}}"}""", "invalid_field", "bio" },
        { """{"bio":5}""", "invalid_json", "bio" },
        { "not json", "invalid_json", "body" },
    };

    [Theory]
    [MemberData(nameof(BadProfileUpdates))]
    public async Task A_rejected_profile_update_changes_nothing(string json, string code, string field)
    {
        var me = await _api.UserAsync();
        var before = await _api.ProfileAsync(me.Id, me);

        await Api.ExpectProblemAsync(await _api.SendRawAsync(HttpMethod.Put, "/v1/users/me", me.Token, json), HttpStatusCode.BadRequest, code, field);

        Assert.Equal(before.ToJsonString(), (await _api.ProfileAsync(me.Id, me)).ToJsonString());
    }

    [Fact]
    public async Task Follow_and_unfollow_are_idempotent_and_keep_both_counts()
    {
        var fan = await _api.UserAsync("fan");
        var star = await _api.UserAsync("star");
        var follow = $"/v1/users/{star.Id}/follow";

        await _api.DoAsync(HttpMethod.Put, follow, fan);
        await _api.DoAsync(HttpMethod.Put, follow, fan);
        await AssertCountsAsync(fan, following: 1, star, followers: 1);

        await _api.DoAsync(HttpMethod.Delete, follow, fan);
        await _api.DoAsync(HttpMethod.Delete, follow, fan);
        await AssertCountsAsync(fan, following: 0, star, followers: 0);
    }

    [Fact]
    public async Task Following_an_unknown_user_is_404_and_changes_nothing()
    {
        var fan = await _api.UserAsync("fan");

        await _api.FailAsync(HttpMethod.Put, $"/v1/users/{Api.NewUserId("ghost")}/follow", fan, HttpStatusCode.NotFound, "user_not_found");

        Assert.Equal(0, (await _api.ProfileAsync(fan.Id, fan))["following_count"]!.GetValue<long>());
    }

    [Fact]
    public async Task Following_yourself_or_a_malformed_id_is_400_naming_the_id()
    {
        var me = await _api.UserAsync();

        await _api.FailAsync(HttpMethod.Put, $"/v1/users/{me.Id}/follow", me, HttpStatusCode.BadRequest, "cannot_follow_self", "id");
        await _api.FailAsync(HttpMethod.Put, "/v1/users/bad~id/follow", me, HttpStatusCode.BadRequest, "invalid_id", "id");
        await _api.FailAsync(HttpMethod.Delete, "/v1/users/bad~id/follow", me, HttpStatusCode.BadRequest, "invalid_id", "id");
        Assert.Equal(0, (await _api.ProfileAsync(me.Id, me))["following_count"]!.GetValue<long>());
    }

    [Fact]
    public async Task Admin_syncs_the_follower_count_which_decides_hosting()
    {
        var admin = await AdminAsync();
        var user = await _api.UserAsync();

        var synced = await SyncFollowersAsync(admin, user.Id, 600);

        Assert.Equal(600, synced["followers_count"]!.GetValue<long>());
        Assert.True(synced["can_host"]!.GetValue<bool>());
        Assert.Equal(600, (await _api.ProfileAsync(user.Id, user))["followers_count"]!.GetValue<long>());
    }

    [Fact]
    public async Task Admin_sync_of_an_account_unknown_here_creates_its_profile()
    {
        var admin = await AdminAsync();
        var id = Api.NewUserId("external");

        await SyncFollowersAsync(admin, id, 42);

        var profile = await _api.ProfileAsync(id, admin);
        Assert.Equal(id, profile["display_name"]!.GetValue<string>());
        Assert.Equal(42, profile["followers_count"]!.GetValue<long>());
    }

    [Fact]
    public async Task Admin_routes_are_403_admin_only_for_others_and_change_nothing()
    {
        var user = await _api.UserAsync();

        await _api.FailAsync(
            HttpMethod.Put, $"/v1/admin/users/{user.Id}/followers", user, HttpStatusCode.Forbidden, "admin_only", body: new JsonObject { ["count"] = 10_000 });

        Assert.Equal(0, (await _api.ProfileAsync(user.Id, user))["followers_count"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("{}", "invalid_field")]
    [InlineData("""{"count":-1}""", "invalid_field")]
    [InlineData("""{"count":"many"}""", "invalid_json")]
    [InlineData("""{"count":1.5}""", "invalid_json")]
    public async Task Admin_sync_rejects_a_bad_count_and_changes_nothing(string json, string code)
    {
        var admin = await AdminAsync();
        var user = await _api.UserAsync(followers: 7);

        var response = await _api.SendRawAsync(HttpMethod.Put, $"/v1/admin/users/{user.Id}/followers", admin.Token, json);

        await Api.ExpectProblemAsync(response, HttpStatusCode.BadRequest, code, "count");
        Assert.Equal(7, (await _api.ProfileAsync(user.Id, user))["followers_count"]!.GetValue<long>());
    }

    [Fact]
    public async Task Spaces_by_creator_are_newest_first()
    {
        var (host, first) = await _api.LiveSpaceAsync("First");
        var second = (await Api.ExpectAsync(await _api.CreateSpaceAsync(host, new JsonObject { ["title"] = "Second" }), HttpStatusCode.Created))["id"]!.GetValue<string>();
        var viewer = await _api.UserAsync();

        Assert.Equal([second, first], await _api.CreatedSpaceIdsAsync(host.Id, viewer));
        Assert.Empty(await _api.CreatedSpaceIdsAsync(viewer.Id, viewer));
        await _api.FailAsync(HttpMethod.Get, "/v1/users/bad~id/spaces", viewer, HttpStatusCode.BadRequest, "invalid_id", "id");
    }

    [Fact]
    public async Task Spaces_by_an_unknown_creator_is_404()
    {
        var viewer = await _api.UserAsync();

        await _api.FailAsync(HttpMethod.Get, $"/v1/users/{Api.NewUserId("ghost")}/spaces", viewer, HttpStatusCode.NotFound, "user_not_found");
    }

    private async Task<User> AdminAsync()
    {
        var id = Api.NewUserId("admin");
        return new User(id, await _api.TokenAsync(id, admin: true));
    }

    private Task<JsonNode> SyncFollowersAsync(User admin, string userId, long count) =>
        _api.CallAsync(HttpMethod.Put, $"/v1/admin/users/{userId}/followers", admin, HttpStatusCode.OK, new JsonObject { ["count"] = count });

    private async Task AssertCountsAsync(User fan, long following, User star, long followers)
    {
        Assert.Equal(following, (await _api.ProfileAsync(fan.Id, fan))["following_count"]!.GetValue<long>());
        Assert.Equal(followers, (await _api.ProfileAsync(star.Id, fan))["followers_count"]!.GetValue<long>());
    }
}
