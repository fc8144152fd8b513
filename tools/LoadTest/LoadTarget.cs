using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Spaces.LoadTest;

/// <summary>A stage change the host made: when its HTTP call was sent, and the seq of the event it caused.</summary>
public readonly record struct Trigger(long Seq, long SentAt);

/// <summary>
/// How the tool speaks to one kind of server. The coordinator prepares rooms and changes stages; listener
/// processes (the coordinator itself or workers) only connect listeners, so that half needs no shared state.
/// </summary>
public abstract class LoadTarget : IDisposable
{
    protected LoadTarget(Uri url, string runId)
    {
        Url = url;
        RunId = runId;
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(30) })
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromSeconds(120),
        };
    }

    protected Uri Url { get; }

    protected string RunId { get; }

    protected HttpClient Http { get; }

    public static LoadTarget Create(TargetKind kind, Uri url, string runId) => kind switch
    {
        TargetKind.Spaces => new SpacesTarget(url, runId),
        TargetKind.Baseline => new BaselineTarget(url, runId),
        TargetKind.SignalR => new SignalRTarget(url, runId),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Creates the rooms (Spaces with their host and speakers on stage) and answers their ids.</summary>
    public abstract Task<IReadOnlyList<string>> PrepareRoomsAsync(int rooms, int speakers, CancellationToken cancellationToken);

    /// <summary>
    /// Readies listeners [<paramref name="from"/>, <paramref name="to"/>) before the ramp starts: a real client signs in
    /// before it joins, so what the ramp paces and measures is the join itself.
    /// </summary>
    public virtual Task PrepareListenersAsync(int from, int to, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Opens listener number <paramref name="index"/>, subscribed to the room; answers its join time in ms.</summary>
    public abstract Task<double> JoinAsync(Listener listener, int index, CancellationToken cancellationToken);

    /// <summary>The host's stage change number <paramref name="change"/> in the room.</summary>
    public abstract Task<Trigger> ChangeStageAsync(string room, int change, CancellationToken cancellationToken);

    /// <summary>Listener number <paramref name="index"/> reacts.</summary>
    public abstract Task ReactAsync(string room, int index, CancellationToken cancellationToken);

    /// <summary>The room's last seq: every listener should have received every event up to it.</summary>
    public abstract long LastSeq(string room);

    /// <summary>SignalR drops clients it has not heard from: what a listener sends to stay connected, if anything.</summary>
    public virtual string? KeepAliveMessage => null;

    public virtual void Dispose()
    {
        Http.Dispose();
        GC.SuppressFinalize(this);
    }

    protected Uri SocketUrl(string pathAndQuery) =>
        new(new Uri(Url.ToString().Replace("http", "ws", StringComparison.Ordinal)), pathAndQuery);

    protected async Task<JsonNode?> SendAsync(HttpMethod method, string path, string? token, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token != null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        if (body != null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} {path}: {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
        }

        return text.Length > 0 ? JsonNode.Parse(text) : null;
    }
}
