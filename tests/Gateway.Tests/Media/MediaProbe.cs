using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Spaces.Gateway.Tests.Infrastructure;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.Testing;
using Spaces.LiveKit.Webhooks;

namespace Spaces.Gateway.Tests.Media;

/// <summary>One RoomService call the grains made for a room, as the LiveKit test server recorded it (retries included).</summary>
public sealed record RoomCall(string Method, JsonNode Body)
{
    public string? Identity => Body["identity"]?.GetValue<string>();

    public override string ToString() => $"{Method} {Body.ToJsonString()}";
}

/// <summary>
/// Watching the grains drive LiveKit from the outside: room operations run in the background, so a check on what
/// LiveKit received either waits for the room's queue to be idle or polls for a bounded time (<see cref="Wait"/>);
/// none sleeps.
/// </summary>
internal static class MediaProbe
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    /// <summary>What "promptly" means while LiveKit fails: under the 1 s RoomService timeout the host is configured with.</summary>
    public static readonly TimeSpan Prompt = TimeSpan.FromSeconds(1);

    /// <summary>One room's calls in arrival order; health probes (ListRooms) and other rooms are left out.</summary>
    public static IReadOnlyList<RoomCall> CallsFor(this LiveKitTestServer server, string room) =>
        [.. server.Requests.Select(r => new RoomCall(r.Method, JsonNode.Parse(r.Body)!)).Where(call => RoomOf(call) == room)];

    /// <summary>Polls until the room's calls satisfy <paramref name="done"/>, and returns them.</summary>
    public static async Task<IReadOnlyList<RoomCall>> WaitForCallsAsync(
        this LiveKitTestServer server, string room, Func<IReadOnlyList<RoomCall>, bool> done, string expectation)
    {
        var clock = Stopwatch.StartNew();
        var calls = server.CallsFor(room);
        while (!done(calls))
        {
            Assert.True(clock.Elapsed < Wait, $"LiveKit did not get {expectation} for room {room} within {Wait.TotalSeconds} s; it got: {Describe(calls)}");
            await Task.Delay(20);
            calls = server.CallsFor(room);
        }

        return calls;
    }

    /// <summary>Polls until the room got a <paramref name="method"/> call that matches; returns that call.</summary>
    public static async Task<RoomCall> WaitForCallAsync(this LiveKitTestServer server, string room, string method, Func<RoomCall, bool>? match = null, string? expectation = null)
    {
        bool Matches(RoomCall call) => call.Method == method && (match?.Invoke(call) ?? true);
        var calls = await server.WaitForCallsAsync(room, calls => calls.Any(Matches), expectation ?? method);
        return calls.Last(Matches);
    }

    /// <summary>Polls <paramref name="probe"/> until its value satisfies <paramref name="done"/>; returns that value.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string expectation)
    {
        var clock = Stopwatch.StartNew();
        var value = await probe();
        while (!done(value))
        {
            Assert.True(clock.Elapsed < Wait, $"{expectation} did not happen within {Wait.TotalSeconds} s; last seen: {value}");
            await Task.Delay(20);
            value = await probe();
        }

        return value;
    }

    public static Task<T> EventuallyAsync<T>(Func<T> probe, Func<T, bool> done, string expectation) =>
        EventuallyAsync(() => Task.FromResult(probe()), done, expectation);

    /// <summary>Completes once the room has no operation queued or in flight, so every call they made is recorded.</summary>
    public static async Task WhenIdleAsync(this MediaHost host, string room)
    {
        try
        {
            await host.Backlog.WhenIdleAsync(room).WaitAsync(Wait);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"room {room} still had operations queued or in flight after {Wait.TotalSeconds} s; LiveKit got: {Describe(host.LiveKit.CallsFor(room))}");
        }
    }

    /// <summary>
    /// The distinct operations <paramref name="act"/> made LiveKit apply to the room: the room's queue is idle before
    /// (earlier operations stay out) and after (all of its own are in), and retries are folded.
    /// </summary>
    public static async Task<IReadOnlyList<RoomCall>> OperationsOfAsync(this MediaHost host, string room, Func<Task> act)
    {
        await host.WhenIdleAsync(room);
        var before = host.LiveKit.CallsFor(room).Count;
        await act();
        await host.WhenIdleAsync(room);
        return Folded(host.LiveKit.CallsFor(room).Skip(before));
    }

    /// <summary>
    /// For a room where nothing more may happen, checked at once rather than by waiting: grains hand their room
    /// operations to the queue within the call, so once the requests that could cause one are answered, nothing
    /// queued or in flight and no call beyond the first <paramref name="callsBefore"/> means they caused none.
    /// </summary>
    public static void AssertQuiet(this MediaHost host, string room, int callsBefore)
    {
        // Pending first: an operation that finished after this read has its call recorded before the count below.
        var pending = host.Backlog.HasWork(room);
        var calls = host.LiveKit.CallsFor(room);
        Assert.False(pending, $"room {room} has operations queued or in flight; LiveKit got so far: {Describe(calls)}");
        Assert.True(calls.Count == callsBefore, $"LiveKit got unexpected calls for room {room}: {Describe(calls.Skip(callsBefore))}");
    }

    /// <summary>The calls with consecutive identical ones (retries of one operation) folded into one.</summary>
    public static IReadOnlyList<RoomCall> Folded(IEnumerable<RoomCall> calls)
    {
        var folded = new List<RoomCall>();
        foreach (var call in calls)
        {
            if (folded.Count == 0 || folded[^1].ToString() != call.ToString())
            {
                folded.Add(call);
            }
        }

        return folded;
    }

    public static string Describe(IEnumerable<RoomCall> calls) => string.Join(" | ", calls);

    /// <summary>
    /// An UpdateParticipant permission in full proto3 form (absent fields are false or empty), so a comparison
    /// also catches a grant that should not be there (hidden, metadata).
    /// </summary>
    public static JsonObject Permission(RoomCall call)
    {
        var sent = call.Body["permission"] ?? throw new InvalidOperationException($"{call} carries no permission");
        bool Flag(string name) => sent[name]?.GetValue<bool>() ?? false;
        var known = new[] { "canSubscribe", "canPublish", "canPublishData", "canPublishSources", "hidden", "canUpdateMetadata" };
        var unknown = sent.AsObject().Select(p => p.Key).Except(known).ToArray();
        Assert.True(unknown.Length == 0, $"unexpected permission fields in {call}");
        return new JsonObject
        {
            ["canSubscribe"] = Flag("canSubscribe"),
            ["canPublish"] = Flag("canPublish"),
            ["canPublishData"] = Flag("canPublishData"),
            ["canPublishSources"] = sent["canPublishSources"]?.DeepClone() ?? new JsonArray(),
            ["hidden"] = Flag("hidden"),
            ["canUpdateMetadata"] = Flag("canUpdateMetadata"),
        };
    }

    /// <summary>The permission a role gets on stage (publish the microphone) or in the audience (subscribe only).</summary>
    public static JsonObject ExpectedPermission(bool onStage) => new()
    {
        ["canSubscribe"] = true,
        ["canPublish"] = onStage,
        ["canPublishData"] = false,
        ["canPublishSources"] = onStage ? new JsonArray("MICROPHONE") : new JsonArray(),
        ["hidden"] = false,
        ["canUpdateMetadata"] = false,
    };

    public static bool HasPermission(RoomCall call, string identity, bool onStage) =>
        call.Method == "UpdateParticipant" && call.Identity == identity && JsonNode.DeepEquals(Permission(call), ExpectedPermission(onStage));

    /// <summary>The permission LiveKit (the test server) holds for a connected participant, in the same form.</summary>
    public static string PermissionText(ParticipantPermission? permission) => permission is null
        ? "none"
        : $"subscribe={permission.CanSubscribe} publish={permission.CanPublish} data={permission.CanPublishData} " +
          $"sources=[{string.Join(",", permission.CanPublishSources)}] hidden={permission.Hidden} metadata={permission.CanUpdateMetadata}";

    public static string ExpectedPermissionText(bool onStage) => PermissionText(new ParticipantPermission
    {
        CanSubscribe = true,
        CanPublish = onStage,
        CanPublishSources = onStage ? [TrackSource.Microphone] : [],
    });

    /// <summary>A webhook event as LiveKit sends it for a Space's room.</summary>
    public static WebhookEvent Event(string name, string spaceId, string? userId = null, string? trackSid = null, string? id = null) => new()
    {
        Event = name,
        Id = id ?? $"EV_{Guid.NewGuid():N}",
        CreatedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        Room = new Room { Sid = $"RM_{spaceId}", Name = spaceId },
        Participant = userId is null ? null : new ParticipantInfo { Sid = $"PA_{userId}", Identity = userId, State = ParticipantState.Active },
        Track = trackSid is null ? null : new TrackInfo { Sid = trackSid, Type = TrackType.Audio, Source = TrackSource.Microphone, Name = "microphone" },
    };

    /// <summary>Delivers a webhook signed by the host's LiveKit server and asserts it was acknowledged.</summary>
    public static async Task DeliverAsync(this MediaHost host, WebhookEvent webhookEvent)
    {
        using var response = await host.LiveKit.SendWebhookAsync(host.WebhookUri, webhookEvent);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{webhookEvent.Event} was answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Posts a webhook body with any Authorization header (or none).</summary>
    public static async Task<HttpResponseMessage> PostWebhookAsync(this MediaHost host, string body, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, host.WebhookUri) { Content = new StringContent(body) };
        request.Content.Headers.ContentType = new(SignedWebhook.ContentType);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await host.Api.Http.SendAsync(request);
    }

    /// <summary>The decoded payload of a JWT, to see exactly which claims it carries.</summary>
    public static JsonObject Payload(string jwt) => JsonNode.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[1]))!.AsObject();

    /// <summary>Sends a request and asserts it answered 2xx within <see cref="Prompt"/>.</summary>
    public static async Task<JsonNode> PromptlyAsync(this Api api, HttpMethod method, string path, User user, JsonNode? body = null)
    {
        var clock = Stopwatch.StartNew();
        using var response = await api.SendAsync(method, path, user.Token, body);
        var elapsed = clock.Elapsed;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        Assert.True(elapsed < Prompt, $"{method} {path} took {elapsed.TotalMilliseconds:0} ms while LiveKit was down");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    private static string? RoomOf(RoomCall call) => (call.Method == "CreateRoom" ? call.Body["name"] : call.Body["room"])?.GetValue<string>();
}
