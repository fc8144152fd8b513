using Microsoft.Extensions.Options;
using Spaces.Contracts;
using Spaces.LiveKit;
using Spaces.LiveKit.Tokens;

namespace Spaces.Grains.Media;

/// <summary>
/// The media port on LiveKit: participant tokens and HLS URLs are made here (HMAC, no network: architecture rule 3);
/// room and egress changes go to the per-room queue and never block the grain.
/// </summary>
internal sealed class LiveKitMediaPort(
    AccessTokenIssuer tokens, IOptions<LiveKitOptions> options, IOptions<SpacesOptions> spaces, RoomOperationQueue rooms) : IMediaPort
{
    private readonly string _clientUrl = options.Value.Url.ToString().TrimEnd('/');
    private readonly EgressLayout _egress = new(spaces.Value);

    public MediaAccess IssueAccess(string spaceId, string userId, Role role) =>
        new(_clientUrl, tokens.CreateToken(userId, MediaGrants.ForToken(spaceId, role), metadata: $"{{\"role\":\"{role.ToString().ToLowerInvariant()}\"}}"));

    public MediaAccess HlsAccess(string spaceId) => new(_egress.LivePlaylistUrl(spaceId), null, MediaKind.Hls);

    public void OpenRoom(string spaceId, string title) => rooms.Enqueue(spaceId, new OpenRoom(title));

    public void SetRole(string spaceId, string userId, Role role) => rooms.Enqueue(spaceId, new SetRole(userId, role));

    public void Mute(string spaceId, string userId, string? trackSid) => rooms.Enqueue(spaceId, new MuteMicrophone(userId, trackSid));

    public void RemoveParticipant(string spaceId, string userId) => rooms.Enqueue(spaceId, new RemoveParticipant(userId));

    public void StartEgress(string spaceId, EgressKind kind) => rooms.Enqueue(spaceId, new StartEgress(kind, _egress.Request(spaceId, kind)));

    public void StopEgress(string spaceId, string egressId) => rooms.Enqueue(spaceId, new StopEgress(egressId));

    public void CloseRoom(string spaceId) => rooms.Enqueue(spaceId, new CloseRoom());
}
