using System.Buffers.Text;
using System.Globalization;
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
        // Integers may arrive as JSON strings; int64 ones always do (see Int64AsString).
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Converters =
        {
            new Int64AsString(),
            // Enums travel as their proto names (TrackSource.MICROPHONE) but may also arrive as numbers.
            new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper),
        },
    };

    /// <summary>
    /// proto3 JSON writes int64 as a string: egress timestamps are Unix nanoseconds, beyond what a JavaScript
    /// number (LiveKit's Node SDK) holds exactly. Every <c>long</c> in our messages is a proto int64; int32 and
    /// uint32 fields are <c>int</c> and <c>uint</c> and stay numbers.
    /// </summary>
    private sealed class Int64AsString : JsonConverter<long>
    {
        public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number)
            {
                return reader.GetInt64();
            }

            if (reader.TokenType == JsonTokenType.String
                && Utf8Parser.TryParse(reader.ValueSpan, out long value, out var consumed) && consumed == reader.ValueSpan.Length)
            {
                return value;
            }

            throw new JsonException($"expected an int64 as a number or a string of digits, got {reader.TokenType}");
        }

        public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }
}
