using System.Net;
using Microsoft.Extensions.Options;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.RoomService;
using Spaces.LiveKit.Testing;
using Spaces.LiveKit.Tokens;

namespace Spaces.LiveKit.Tests;

/// <summary>The client against <see cref="LiveKitTestServer"/>: wire behaviour, state changes and failure mapping.</summary>
public sealed class RoomServiceClientTests : TestServerTestBase
{
    private const string Room = "space-1";
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task CreateRoom_creates_the_room_with_its_settings()
    {
        var room = await Client().CreateRoomAsync(Room, TimeSpan.FromMinutes(5), """{"title":"t"}""");

        Assert.Equal((Room, 300u, """{"title":"t"}"""), (room.Name, room.EmptyTimeout, room.Metadata));
        Assert.StartsWith("RM_", room.Sid, StringComparison.Ordinal);
        Assert.Equal(room, Server.GetRoom(Room));
        Assert.Equal([Room], (await Client().ListRoomsAsync()).Select(r => r.Name));
    }

    [Fact]
    public async Task ListParticipants_returns_identities_tracks_and_permissions()
    {
        Server.AddParticipant(Room, "alice", audioTrackSid: "TR_alice");

        var participant = Assert.Single(await Client().ListParticipantsAsync(Room));

        Assert.Equal(("alice", ParticipantState.Active), (participant.Identity, participant.State));
        Assert.StartsWith("PA_", participant.Sid, StringComparison.Ordinal);
        var track = Assert.Single(participant.Tracks);
        Assert.Equal(("TR_alice", TrackType.Audio, TrackSource.Microphone, false), (track.Sid, track.Type, track.Source, track.Muted));
        Assert.True(participant.Permission is { CanPublish: true, CanSubscribe: true });
    }

    [Fact]
    public async Task UpdateParticipant_changes_metadata_and_replaces_permissions()
    {
        Server.AddParticipant(Room, "alice");
        var listener = new ParticipantPermission { CanSubscribe = true };

        var updated = await Client().UpdateParticipantAsync(Room, "alice", """{"role":"listener"}""", listener);

        Assert.Equal("""{"role":"listener"}""", updated.Metadata);
        var stored = Server.GetParticipant(Room, "alice")!;
        Assert.Equal("""{"role":"listener"}""", stored.Metadata);
        Assert.True(stored.Permission is { CanSubscribe: true, CanPublish: false, CanPublishData: false, CanPublishSources.Count: 0 });
    }

    [Fact]
    public async Task MutePublishedTrack_mutes_the_track()
    {
        Server.AddParticipant(Room, "alice", audioTrackSid: "TR_alice");

        var track = await Client().MutePublishedTrackAsync(Room, "alice", "TR_alice", muted: true);

        Assert.True(track is { Sid: "TR_alice", Muted: true });
        Assert.True(Server.GetParticipant(Room, "alice")!.Tracks.Single().Muted);
    }

    [Fact]
    public async Task RemoveParticipant_and_DeleteRoom_remove_them()
    {
        Server.AddParticipant(Room, "alice");
        Server.AddParticipant(Room, "bob");

        await Client().RemoveParticipantAsync(Room, "bob");
        Assert.Null(Server.GetParticipant(Room, "bob"));
        Assert.NotNull(Server.GetParticipant(Room, "alice"));

        await Client().DeleteRoomAsync(Room);
        Assert.Null(Server.GetRoom(Room));
    }

    [Fact]
    public async Task UpdateRoomMetadata_sets_the_metadata()
    {
        await Client().CreateRoomAsync(Room);

        var room = await Client().UpdateRoomMetadataAsync(Room, """{"title":"u"}""");

        Assert.Equal("""{"title":"u"}""", room.Metadata);
        Assert.Equal("""{"title":"u"}""", Server.GetRoom(Room)!.Metadata);
    }

    [Fact]
    public async Task Each_call_carries_the_narrowest_grant()
    {
        var client = Client();
        await client.CreateRoomAsync(Room);
        await client.ListRoomsAsync();
        await client.ListParticipantsAsync(Room);
        await client.DeleteRoomAsync(Room);

        Assert.Equal(
            [new VideoGrant { RoomCreate = true }, new VideoGrant { RoomList = true }, VideoGrant.AdminOf(Room), new VideoGrant { RoomCreate = true }],
            Server.Requests.Select(r => r.Grant));
    }

    [Fact]
    public async Task A_missing_participant_is_NotFound()
    {
        await Client().CreateRoomAsync(Room);

        var error = await Assert.ThrowsAsync<LiveKitNotFoundException>(() => Client().RemoveParticipantAsync(Room, "ghost"));

        Assert.Equal(("not_found", HttpStatusCode.NotFound), (error.TwirpCode, error.StatusCode));
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, "unavailable")]
    [InlineData(HttpStatusCode.InternalServerError, "internal")]
    [InlineData(HttpStatusCode.TooManyRequests, "resource_exhausted")]
    public async Task Server_errors_are_transient(HttpStatusCode status, string code)
    {
        Server.FailWith(status);

        var error = await Assert.ThrowsAsync<LiveKitUnavailableException>(() => Client().ListRoomsAsync());

        Assert.Equal((code, status), (error.TwirpCode, error.StatusCode));
        Server.Recover();
        Assert.Empty(await Client().ListRoomsAsync());
    }

    [Fact]
    public async Task A_counted_failure_recovers_by_itself()
    {
        Server.FailWith(HttpStatusCode.ServiceUnavailable, times: 1);

        await Assert.ThrowsAsync<LiveKitUnavailableException>(() => Client().CreateRoomAsync(Room));
        await Client().CreateRoomAsync(Room);

        Assert.Equal(2, Server.Requests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task Client_errors_are_not_transient(HttpStatusCode status)
    {
        Server.FailWith(status);

        var error = await Assert.ThrowsAsync<LiveKitException>(() => Client().ListRoomsAsync());

        Assert.Equal(typeof(LiveKitException), error.GetType());
        Assert.Equal(status, error.StatusCode);
    }

    [Fact]
    public async Task A_wrong_secret_is_unauthenticated_and_not_transient()
    {
        var options = Server.CreateClientOptions();
        options.ApiSecret = "not-the-secret";

        var error = await Assert.ThrowsAsync<LiveKitException>(() => Client(options).ListRoomsAsync());

        Assert.Equal(("unauthenticated", HttpStatusCode.Unauthorized), (error.TwirpCode, error.StatusCode));
        Assert.IsNotType<LiveKitUnavailableException>(error);
    }

    [Fact]
    public async Task A_hangingServer_times_out_as_unavailable()
    {
        Server.Hang();

        var error = await Assert.ThrowsAsync<LiveKitUnavailableException>(() => Client(Server.CreateClientOptions(ShortTimeout)).ListRoomsAsync());

        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_stays_a_cancellation()
    {
        Server.Hang();
        using var cancel = new CancellationTokenSource(ShortTimeout);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client().ListRoomsAsync(cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task A_refused_connection_is_unavailable()
    {
        var options = Server.CreateClientOptions();
        await Server.DisposeAsync();

        var error = await Assert.ThrowsAsync<LiveKitUnavailableException>(() => Client(options).ListRoomsAsync());

        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task A_non_Twirp_error_body_becomes_the_message()
    {
        using var proxy = new HttpClient(new StubHandler(HttpStatusCode.BadGateway, "<html>upstream down</html>"));

        var error = await Assert.ThrowsAsync<LiveKitUnavailableException>(() => Client(http: proxy).ListRoomsAsync());

        Assert.Null(error.TwirpCode);
        Assert.Contains("upstream down", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bare_404_is_not_taken_for_a_missing_room()
    {
        using var proxy = new HttpClient(new StubHandler(HttpStatusCode.NotFound, "no such path"));

        var error = await Assert.ThrowsAsync<LiveKitException>(() => Client(http: proxy).ListParticipantsAsync(Room));

        Assert.Equal(typeof(LiveKitException), error.GetType());
    }

    private RoomServiceClient Client(LiveKitOptions? options = null, HttpClient? http = null)
    {
        options ??= Server.CreateClientOptions();
        return new RoomServiceClient(http ?? Http, Options.Create(options), new AccessTokenIssuer(Options.Create(options), TimeProvider.System));
    }

    private sealed class StubHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) });
    }
}
