using Microsoft.Extensions.Options;
using Spaces.Contracts;
using Spaces.LiveKit;
using Spaces.LiveKit.Tokens;

namespace Spaces.Grains.Media;

/// <summary>
/// The media port on LiveKit: participant tokens are minted here (HMAC, no network: architecture rule 3);
/// room changes go to the per-room queue and never block the grain.
/// </summary>
internal sealed class LiveKitMediaPort(AccessTokenIssuer tokens, IOptions<LiveKitOptions> options, RoomOperationQueue rooms) : IMediaPort
{
    private readonly string _clientUrl = options.Value.Url.ToString().TrimEnd('/');

    public MediaAccess IssueAccess(string spaceId, string userId, Role role) =>
        new(_clientUrl, tokens.CreateToken(userId, MediaGrants.ForToken(spaceId, role), metadata: $"{{\"role\":\"{role.ToString().ToLowerInvariant()}\"}}"));

    public void OpenRoom(string spaceId, string title) => rooms.Enqueue(spaceId, new OpenRoom(title));

    public void SetRole(string spaceId, string userId, Role role) => rooms.Enqueue(spaceId, new SetRole(userId, role));

    public void Mute(string spaceId, string userId, string? trackSid) => rooms.Enqueue(spaceId, new MuteMicrophone(userId, trackSid));

    public void RemoveParticipant(string spaceId, string userId) => rooms.Enqueue(spaceId, new RemoveParticipant(userId));

    public void CloseRoom(string spaceId) => rooms.Enqueue(spaceId, new CloseRoom());
}
