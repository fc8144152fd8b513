using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spaces.LiveKit.Egress;
using Spaces.LiveKit.Protocol;
using Spaces.LiveKit.RoomService;
using Spaces.LiveKit.Tokens;
using Spaces.LiveKit.Webhooks;

namespace Spaces.LiveKit.Testing;

/// <summary>
/// A real HTTP server on 127.0.0.1 speaking LiveKit's RoomService and Egress Twirp protocols over in-memory
/// rooms and egresses. It checks bearer tokens and grants as LiveKit does, records every request, fails on
/// command for both services (<see cref="FailWith"/>, <see cref="Hang"/>, <see cref="Recover"/>) and signs webhooks.
/// </summary>
public sealed class LiveKitTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly InMemoryRoomService _rooms;
    private readonly InMemoryEgressService _egress;
    private readonly AccessTokenVerifier _verifier;
    private readonly AccessTokenIssuer _issuer;
    private readonly HttpClient _webhookClient = new();
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private Failure? _failure;
    private Failure? _egressFailure;
    private int _disposed;

    private abstract record Failure;

    /// <summary>Answer with a Twirp error, <paramref name="Remaining"/> more times or until recovery when null.</summary>
    private sealed record ErrorReply(HttpStatusCode Status, string Code, int? Remaining) : Failure;

    /// <summary>Hold requests until <paramref name="Released"/> completes.</summary>
    private sealed record Hold(TaskCompletionSource Released) : Failure;

    private LiveKitTestServer(WebApplication app, LiveKitOptions options, TimeProvider time)
    {
        _app = app;
        _rooms = new InMemoryRoomService(time);
        _egress = new InMemoryEgressService(time, _rooms.FindRoom);
        var wrapped = Options.Create(options);
        _verifier = new AccessTokenVerifier(wrapped, time);
        _issuer = new AccessTokenIssuer(wrapped, time);
        ApiKey = options.ApiKey;
        ApiSecret = options.ApiSecret;
    }

    /// <summary>
    /// The clients' deadline in <see cref="CreateClientOptions"/>: this server answers in milliseconds, so a generous
    /// deadline only keeps a loaded test machine from failing calls that merely waited for a CPU.
    /// </summary>
    public static readonly TimeSpan DefaultClientTimeout = TimeSpan.FromSeconds(30);

    public string ApiKey { get; }

    public string ApiSecret { get; }

    /// <summary>The server's http:// address, to be used as <see cref="LiveKitOptions.ApiUrl"/>.</summary>
    public Uri ApiUrl { get; private set; } = null!;

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<Room> Rooms => _rooms.Rooms;

    /// <summary>Every egress started so far, in start order, with its current status.</summary>
    public IReadOnlyList<EgressInfo> Egresses => _egress.Egresses;

    /// <param name="time">Clock for token checks, webhook tokens and timestamps; the system clock by default.</param>
    public static async Task<LiveKitTestServer> StartAsync(
        string apiKey = "devkey", string apiSecret = "secret", TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();

        var server = new LiveKitTestServer(app, new LiveKitOptions { ApiKey = apiKey, ApiSecret = apiSecret }, time ?? TimeProvider.System);
        app.MapPost(RoomServiceMethods.PathPrefix + "{method}", (HttpContext context) => server.HandleAsync(context, server._rooms.Handle, egress: false));
        app.MapPost(EgressMethods.PathPrefix + "{method}", (HttpContext context) => server.HandleAsync(context, server._egress.Handle, egress: true));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        // Port 0 lets the OS pick a free port; the bound address is known only after start.
        server.ApiUrl = new Uri(app.Urls.Single());
        return server;
    }

    /// <summary>Options pointing a <see cref="RoomServiceClient"/> or <see cref="EgressClient"/> at this server with its key and secret.</summary>
    /// <param name="requestTimeout">
    /// Defaults to <see cref="DefaultClientTimeout"/>; tests of the deadline itself pass a short one.
    /// </param>
    public LiveKitOptions CreateClientOptions(TimeSpan? requestTimeout = null) => new()
    {
        Url = new UriBuilder(ApiUrl) { Scheme = "ws" }.Uri,
        ApiUrl = ApiUrl,
        ApiKey = ApiKey,
        ApiSecret = ApiSecret,
        RequestTimeout = requestTimeout ?? DefaultClientTimeout,
    };

    /// <summary>
    /// Answers the following requests with a Twirp error of <paramref name="status"/> — the next
    /// <paramref name="times"/> requests, or all until <see cref="Recover"/> when null.
    /// </summary>
    /// <param name="twirpCode">Defaults to the Twirp code of <paramref name="status"/>.</param>
    public void FailWith(HttpStatusCode status, string? twirpCode = null, int? times = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times ?? 1, nameof(times));
        SetFailure(new ErrorReply(status, twirpCode ?? TwirpCodeOf(status), times));
    }

    /// <summary>
    /// Answers the following Egress requests (only those) with a Twirp error of <paramref name="status"/> until
    /// <see cref="Recover"/>, as a LiveKit without egress workers would: rooms keep working.
    /// </summary>
    public void FailEgressWith(HttpStatusCode status)
    {
        lock (_gate)
        {
            _egressFailure = new ErrorReply(status, TwirpCodeOf(status), null);
        }
    }

    /// <summary>Holds every following request without answering until <see cref="Recover"/> (or the client gives up).</summary>
    public void Hang() =>
        SetFailure(new Hold(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));

    /// <summary>Ends an injected failure (egress-only ones included); held requests then run normally.</summary>
    public void Recover()
    {
        lock (_gate)
        {
            _egressFailure = null;
        }

        SetFailure(null);
    }

    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    /// <summary>
    /// Puts a participant into <paramref name="room"/> (creating the room if needed) with one published,
    /// unmuted microphone track.
    /// </summary>
    /// <param name="audioTrackSid">The track's sid; generated when null.</param>
    /// <param name="permission">Defaults to subscribe + publish + publish data.</param>
    public ParticipantInfo AddParticipant(string room, string identity, string? audioTrackSid = null, ParticipantPermission? permission = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        ArgumentException.ThrowIfNullOrEmpty(identity);
        return _rooms.AddParticipant(room, identity, audioTrackSid, permission);
    }

    public Room? GetRoom(string name) => _rooms.FindRoom(name);

    /// <summary>
    /// Moves an egress to <paramref name="status"/> as its worker would (active sets the start time; a finished
    /// status sets the end time and the file and segment results) and returns it, ready for an egress webhook.
    /// </summary>
    /// <param name="error">The failure message, for <see cref="EgressStatus.Failed"/>.</param>
    public EgressInfo AdvanceEgress(string egressId, EgressStatus status, string? error = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(egressId);
        return _egress.Advance(egressId, status, error);
    }

    public ParticipantInfo? GetParticipant(string room, string identity) => _rooms.FindParticipant(room, identity);

    /// <summary>Serializes <paramref name="webhookEvent"/> as LiveKit does and signs it with this server's key and secret.</summary>
    public SignedWebhook SignWebhook(WebhookEvent webhookEvent)
    {
        var body = JsonSerializer.Serialize(webhookEvent, ProtoJson.Options);
        return new SignedWebhook(body, _issuer.CreateWebhookToken(body));
    }

    /// <summary>Posts a signed <paramref name="webhookEvent"/> to <paramref name="target"/>, as LiveKit delivers webhooks.</summary>
    public async Task<HttpResponseMessage> SendWebhookAsync(Uri target, WebhookEvent webhookEvent, CancellationToken cancellationToken = default)
    {
        var webhook = SignWebhook(webhookEvent);
        using var request = new HttpRequestMessage(HttpMethod.Post, target)
        {
            Content = new StringContent(webhook.Body, Encoding.UTF8, SignedWebhook.ContentType),
        };
        // LiveKit sends the bare token, without a "Bearer" scheme.
        request.Headers.TryAddWithoutValidation("Authorization", webhook.Authorization);
        return await _webhookClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        // Idempotent: a test may stop the server early to simulate an outage.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Recover();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _webhookClient.Dispose();
    }

    private async Task HandleAsync(HttpContext context, Func<string, JsonElement, VideoGrant, TwirpReply> service, bool egress)
    {
        var method = (string)context.Request.RouteValues["method"]!;
        var body = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        var grant = TryVerify(context.Request.Headers.Authorization.ToString(), out var authError);
        lock (_gate)
        {
            _requests.Add(new RecordedRequest(method, context.Request.Path, context.Request.ContentType, body, grant?.Video));
        }

        var reply = await InjectedFailureAsync(egress, context.RequestAborted).ConfigureAwait(false)
            ?? (grant is null ? TwirpReply.Error(HttpStatusCode.Unauthorized, "unauthenticated", authError!) : Dispatch(service, method, body, grant));
        context.Response.StatusCode = (int)reply.Status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, reply.Body, reply.Body.GetType(), ProtoJson.Options, context.RequestAborted).ConfigureAwait(false);
    }

    private AccessTokenClaims? TryVerify(string authorization, out string? error)
    {
        const string Bearer = "Bearer ";
        error = null;
        if (!authorization.StartsWith(Bearer, StringComparison.Ordinal))
        {
            error = "missing Bearer token";
            return null;
        }

        try
        {
            return _verifier.Verify(authorization[Bearer.Length..]);
        }
        catch (AccessTokenException e)
        {
            error = e.Message;
            return null;
        }
    }

    private static TwirpReply Dispatch(Func<string, JsonElement, VideoGrant, TwirpReply> service, string method, string body, AccessTokenClaims claims)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return service(method, json.RootElement, claims.Video ?? new VideoGrant());
        }
        catch (JsonException e)
        {
            return TwirpReply.Error(HttpStatusCode.BadRequest, "malformed", $"the body is not valid JSON for {method}: {e.Message}");
        }
    }

    /// <summary>The reply an injected failure dictates, or null to serve the request normally.</summary>
    private async Task<TwirpReply?> InjectedFailureAsync(bool egress, CancellationToken requestAborted)
    {
        Failure? failure;
        lock (_gate)
        {
            failure = _failure ?? (egress ? _egressFailure : null);
            if (failure is ErrorReply { Remaining: { } remaining } counted)
            {
                _failure = remaining > 1 ? counted with { Remaining = remaining - 1 } : null;
            }
        }

        switch (failure)
        {
            case ErrorReply error:
                return TwirpReply.Error(error.Status, error.Code, $"injected failure: {(int)error.Status} {error.Code}");
            case Hold hold:
                await hold.Released.Task.WaitAsync(requestAborted).ConfigureAwait(false);
                return null;
            default:
                return null;
        }
    }

    private void SetFailure(Failure? failure)
    {
        Failure? previous;
        lock (_gate)
        {
            previous = _failure;
            _failure = failure;
        }

        (previous as Hold)?.Released.TrySetResult();
    }

    private static string TwirpCodeOf(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => "invalid_argument",
        HttpStatusCode.Unauthorized => "unauthenticated",
        HttpStatusCode.Forbidden => "permission_denied",
        HttpStatusCode.NotFound => "not_found",
        HttpStatusCode.Conflict => "already_exists",
        HttpStatusCode.TooManyRequests => "resource_exhausted",
        HttpStatusCode.NotImplemented => "unimplemented",
        HttpStatusCode.ServiceUnavailable => "unavailable",
        HttpStatusCode.RequestTimeout or HttpStatusCode.GatewayTimeout => "deadline_exceeded",
        _ => "internal",
    };
}
