using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spaces.LiveKit.Protocol;

/// <summary>Serializer settings for LiveKit's proto3 JSON (Twirp bodies and webhook events).</summary>
internal static class ProtoJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // proto3 JSON leaves out fields at their default value.
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        // int64 fields such as createdAt are written as JSON strings.
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        // Enums travel as their proto names (TrackSource.MICROPHONE) but may also arrive as numbers.
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper) },
    };
}
