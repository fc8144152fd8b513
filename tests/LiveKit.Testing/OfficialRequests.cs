using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spaces.LiveKit.Tokens;
using Xunit;

namespace Spaces.LiveKit.Testing;

/// <summary>The official client's requests, as the oracle captures them, against ours, as the test server records them.</summary>
public static class OfficialRequests
{
    /// <summary>Runs an oracle <c>*-requests</c> command and parses its JSON lines.</summary>
    public static async Task<IReadOnlyList<JsonObject>> CaptureAsync(LiveKitOracle oracle, string command) =>
        [.. (await oracle.RunSuccessfullyAsync(command))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonNode.Parse(line)!.AsObject())];

    /// <summary>Same count and order; per request the same method, path, content type, body and token grant (proto3 JSON equality).</summary>
    public static void AssertSameRequests(IReadOnlyList<JsonObject> official, IReadOnlyList<RecordedRequest> ours)
    {
        Assert.Equal(official.Count, ours.Count);
        foreach (var (expected, actual) in official.Zip(ours))
        {
            var path = (string)expected["path"]!;
            Assert.Equal("POST", (string?)expected["method"]);
            Assert.Equal(path, actual.Path);
            AssertSameContentType((string)expected["contentType"]!, actual.ContentType, path);
            AssertProtoEqual(expected["body"], JsonNode.Parse(actual.Body), $"body of {path}");
            AssertProtoEqual(expected["grant"], JsonSerializer.SerializeToNode(actual.Grant, AccessTokenClaims.JsonOptions), $"grant of {path}");
        }
    }

    private static void AssertSameContentType(string expected, string? actual, string path)
    {
        Assert.NotNull(actual);
        var (want, got) = (MediaTypeHeaderValue.Parse(expected), MediaTypeHeaderValue.Parse(actual));
        Assert.True(
            string.Equals(want.MediaType, got.MediaType, StringComparison.OrdinalIgnoreCase)
                && string.Equals(want.CharSet, got.CharSet, StringComparison.OrdinalIgnoreCase),
            $"content type of {path}: official '{expected}', ours '{actual}'");
    }

    /// <summary>Equality under proto3 JSON rules: a field at its default value may be absent on either side.</summary>
    public static void AssertProtoEqual(JsonNode? expected, JsonNode? actual, string what) =>
        Assert.True(JsonNode.DeepEquals(WithoutDefaults(expected), WithoutDefaults(actual)), $"{what}: official {expected?.ToJsonString()}, ours {actual?.ToJsonString()}");

    private static JsonNode? WithoutDefaults(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .Where(p => !IsDefault(p.Value))
            .Select(p => KeyValuePair.Create(p.Key, WithoutDefaults(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(WithoutDefaults)]),
        _ => node?.DeepClone(),
    };

    private static bool IsDefault(JsonNode? value) => value switch
    {
        null => true,
        JsonArray array => array.Count == 0,
        JsonValue scalar => scalar.GetValueKind() switch
        {
            JsonValueKind.False => true,
            JsonValueKind.Number => scalar.GetValue<double>() == 0,
            JsonValueKind.String => scalar.GetValue<string>().Length == 0,
            _ => false,
        },
        // A message field is present even when empty.
        _ => false,
    };
}
