using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Tokens;

namespace Spaces.LiveKit.RoomService;

/// <summary>
/// Client for LiveKit's RoomService Twirp API. Each call carries a fresh token with the narrowest grant
/// that LiveKit accepts for it. Failures surface as <see cref="LiveKitException"/> subtypes.
/// </summary>
public sealed class RoomServiceClient
{
    private readonly HttpClient _http;
    private readonly AccessTokenIssuer _tokens;
    private readonly Uri _serviceUri;
    private readonly TimeSpan _timeout;

    public RoomServiceClient(HttpClient http, IOptions<LiveKitOptions> options, AccessTokenIssuer tokens)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _tokens = tokens;
        _timeout = options.Value.RequestTimeout;
        // Relative to the API URL's path, so a server behind a path prefix works too.
        var apiUrl = options.Value.ResolveApiUrl().ToString();
        _serviceUri = new Uri(new Uri(apiUrl.EndsWith('/') ? apiUrl : apiUrl + "/"), RoomServiceMethods.PathPrefix.TrimStart('/'));
    }

    /// <summary>Creates a room, or returns the existing one of that name.</summary>
    public Task<Room> CreateRoomAsync(string name, TimeSpan? emptyTimeout = null, string? metadata = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (emptyTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(emptyTimeout), emptyTimeout, "The empty timeout cannot be negative.");
        }

        var request = new CreateRoomRequest(name, (uint)(emptyTimeout?.TotalSeconds ?? 0), metadata);
        return CallAsync<CreateRoomRequest, Room>(RoomServiceMethods.CreateRoom, request, new VideoGrant { RoomCreate = true }, cancellationToken);
    }

    /// <param name="names">Only these rooms; all rooms when null or empty.</param>
    public async Task<IReadOnlyList<Room>> ListRoomsAsync(IReadOnlyList<string>? names = null, CancellationToken cancellationToken = default)
    {
        var response = await CallAsync<ListRoomsRequest, ListRoomsResponse>(
            RoomServiceMethods.ListRooms, new ListRoomsRequest(names), new VideoGrant { RoomList = true }, cancellationToken).ConfigureAwait(false);
        return response.Rooms ?? [];
    }

    /// <summary>Closes the room and disconnects everyone in it.</summary>
    public Task DeleteRoomAsync(string room, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        // LiveKit guards deletion with the same grant as creation, not with roomAdmin.
        return CallAsync<DeleteRoomRequest, EmptyResponse>(RoomServiceMethods.DeleteRoom, new DeleteRoomRequest(room), new VideoGrant { RoomCreate = true }, cancellationToken);
    }

    public async Task<IReadOnlyList<ParticipantInfo>> ListParticipantsAsync(string room, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        var response = await CallAsync<ListParticipantsRequest, ListParticipantsResponse>(
            RoomServiceMethods.ListParticipants, new ListParticipantsRequest(room), VideoGrant.AdminOf(room), cancellationToken).ConfigureAwait(false);
        return response.Participants ?? [];
    }

    /// <param name="metadata">New metadata; null or empty leaves it unchanged (LiveKit ignores an empty value).</param>
    /// <param name="permission">Replaces all permissions when given; null leaves them unchanged.</param>
    public Task<ParticipantInfo> UpdateParticipantAsync(
        string room, string identity, string? metadata = null, ParticipantPermission? permission = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        ArgumentException.ThrowIfNullOrEmpty(identity);
        return CallAsync<UpdateParticipantRequest, ParticipantInfo>(
            RoomServiceMethods.UpdateParticipant, new UpdateParticipantRequest(room, identity, metadata, permission), VideoGrant.AdminOf(room), cancellationToken);
    }

    /// <returns>The track after the change, when the server reports it.</returns>
    public async Task<TrackInfo?> MutePublishedTrackAsync(string room, string identity, string trackSid, bool muted, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        ArgumentException.ThrowIfNullOrEmpty(identity);
        ArgumentException.ThrowIfNullOrEmpty(trackSid);
        var response = await CallAsync<MuteRoomTrackRequest, MuteRoomTrackResponse>(
            RoomServiceMethods.MutePublishedTrack, new MuteRoomTrackRequest(room, identity, trackSid, muted), VideoGrant.AdminOf(room), cancellationToken).ConfigureAwait(false);
        return response.Track;
    }

    /// <summary>Disconnects the participant; their token still lets them rejoin.</summary>
    public Task RemoveParticipantAsync(string room, string identity, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        ArgumentException.ThrowIfNullOrEmpty(identity);
        return CallAsync<RoomParticipantIdentity, EmptyResponse>(
            RoomServiceMethods.RemoveParticipant, new RoomParticipantIdentity(room, identity), VideoGrant.AdminOf(room), cancellationToken);
    }

    public Task<Room> UpdateRoomMetadataAsync(string room, string metadata, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        ArgumentNullException.ThrowIfNull(metadata);
        return CallAsync<UpdateRoomMetadataRequest, Room>(
            RoomServiceMethods.UpdateRoomMetadata, new UpdateRoomMetadataRequest(room, metadata), VideoGrant.AdminOf(room), cancellationToken);
    }

    private async Task<TResponse> CallAsync<TRequest, TResponse>(string method, TRequest request, VideoGrant grant, CancellationToken cancellationToken)
    {
        var body = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, ProtoJson.Options));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json", "utf-8");
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_serviceUri, method)) { Content = body };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.CreateServerToken(grant));

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            using var response = await _http.SendAsync(message, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ReadErrorAsync(method, response, deadline.Token).ConfigureAwait(false);
            }

            return await JsonSerializer.DeserializeAsync<TResponse>(
                    await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false), ProtoJson.Options, deadline.Token).ConfigureAwait(false)
                ?? throw new LiveKitException($"LiveKit {method} returned a null body", null, response.StatusCode);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LiveKitUnavailableException($"LiveKit {method} timed out after {_timeout.TotalSeconds:0.###} s", null, null, e);
        }
        catch (HttpRequestException e)
        {
            throw new LiveKitUnavailableException($"LiveKit {method} could not reach {_serviceUri.GetLeftPart(UriPartial.Authority)}: {e.Message}", null, e.StatusCode, e);
        }
        catch (JsonException e)
        {
            throw new LiveKitException($"LiveKit {method} returned a body that is not the expected JSON: {e.Message}", null, null, e);
        }
    }

    private static async Task<LiveKitException> ReadErrorAsync(string method, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var error = TryParseTwirpError(body);
        var status = response.StatusCode;
        // Proxies answer with HTML or plain text, so fall back to the (trimmed) body as the message.
        var detail = error?.Msg ?? (body.Length > 200 ? body[..200] : body);
        var message = $"LiveKit {method} failed: {(int)status} {error?.Code ?? status.ToString()}: {detail}";

        // Only the Twirp code counts: a bare 404 more likely means a wrong ApiUrl than a missing room.
        if (error?.Code == "not_found")
        {
            return new LiveKitNotFoundException(message, error?.Code, status);
        }

        // Twirp's "unavailable", "internal" and "resource_exhausted" (rate limit) map to these statuses.
        return (int)status >= 500 || status == HttpStatusCode.TooManyRequests
            ? new LiveKitUnavailableException(message, error?.Code, status)
            : new LiveKitException(message, error?.Code, status);
    }

    private static TwirpError? TryParseTwirpError(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<TwirpError>(body, ProtoJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
