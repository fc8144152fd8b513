using System.Net;
using System.Text.Json;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Twirp;

namespace Spaces.LiveKit.Testing;

/// <summary>What a Twirp call (RoomService or Egress) answers: an HTTP status and a proto3-JSON body.</summary>
internal sealed record TwirpReply(HttpStatusCode Status, object Body)
{
    public static TwirpReply Ok(object body) => new(HttpStatusCode.OK, body);

    public static TwirpReply Error(HttpStatusCode status, string code, string message) => new(status, new TwirpError(code, message));

    /// <summary>Reads a request body as its proto3-JSON message; a body of the wrong shape throws <see cref="JsonException"/>.</summary>
    public static T ReadRequest<T>(JsonElement body) =>
        body.Deserialize<T>(ProtoJson.Options) ?? throw new JsonException($"the body is not a {typeof(T).Name}");
}
