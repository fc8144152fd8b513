using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spaces.LiveKit.Tokens;

/// <summary>The claims of a LiveKit access token, under LiveKit's claim names.</summary>
public sealed record AccessTokenClaims
{
    /// <summary>The API key that signed the token.</summary>
    [JsonPropertyName("iss")] public string? Issuer { get; init; }

    /// <summary>Participant identity; absent in server-to-server and webhook tokens.</summary>
    [JsonPropertyName("sub")] public string? Identity { get; init; }

    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("metadata")] public string? Metadata { get; init; }
    [JsonPropertyName("video")] public VideoGrant? Video { get; init; }

    /// <summary>Base64 SHA-256 of a webhook body, set only on webhook tokens.</summary>
    [JsonPropertyName("sha256")] public string? Sha256 { get; init; }

    [JsonPropertyName("nbf"), JsonConverter(typeof(UnixSecondsConverter))]
    public DateTimeOffset? NotBefore { get; init; }

    [JsonPropertyName("exp"), JsonConverter(typeof(UnixSecondsConverter))]
    public DateTimeOffset? ExpiresAt { get; init; }

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        // Keep explicit false values: for LiveKit a missing permission flag means "allowed".
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>JWT NumericDate: whole seconds since the epoch.</summary>
    private sealed class UnixSecondsConverter : JsonConverter<DateTimeOffset?>
    {
        private static readonly long MaxSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

        public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var seconds) || seconds < 0 || seconds > MaxSeconds)
            {
                throw new JsonException("a JWT time claim must be a whole number of seconds since 1970");
            }

            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
        {
            if (value is { } time)
            {
                writer.WriteNumberValue(time.ToUnixTimeSeconds());
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
