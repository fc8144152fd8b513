using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;

namespace Spaces.LoadTest;

/// <summary>Which listeners one process holds: indexes [From, To), spread round-robin over the rooms.</summary>
public sealed record PoolPlan(TargetKind Target, Uri Url, string RunId, IReadOnlyList<string> Rooms, int From, int To, double JoinRate);

/// <summary>What the coordinator tells every listener process after the last stage change.</summary>
public sealed record DrainRequest(IReadOnlyDictionary<string, long> LastSeqs, IReadOnlyDictionary<string, Trigger[]> Triggers, long PhaseStart, TimeSpan Timeout);

/// <summary>
/// The listeners of one process: joins them at the planned rate, keeps SignalR's connections alive, and at the
/// end waits for every listener to reach its room's last seq and measures what arrived.
/// </summary>
public sealed class ListenerPool(PoolPlan plan, Action<string>? progress) : IListenerGroup
{
    private const int MaxConcurrentJoins = 256;
    private readonly LoadTarget _target = LoadTarget.Create(plan.Target, plan.Url, plan.RunId);
    private readonly ConcurrentBag<Listener> _listeners = [];
    private readonly ConcurrentBag<double> _joinMs = [];
    private readonly ConcurrentQueue<string> _errors = new();
    private Timer? _keepAlive;
    private double _rampSeconds;

    public int Connected => _joinMs.Count;

    public async Task JoinAllAsync(CancellationToken cancellationToken)
    {
        if (_target.KeepAliveMessage is { } ping)
        {
            // From the start: a long ramp must not lose its first listeners to the server's client timeout.
            var bytes = Encoding.UTF8.GetBytes(ping);
            _keepAlive = new Timer(_ => SendToAll(bytes), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        }

        await _target.PrepareListenersAsync(plan.From, plan.To, cancellationToken).ConfigureAwait(false);
        progress?.Invoke($"{plan.To - plan.From} listener(s) ready to join");
        using var gate = new SemaphoreSlim(MaxConcurrentJoins);
        var started = Stopwatch.GetTimestamp();
        var joins = new List<Task>();
        using var report = progress == null ? null : new Timer(_ => progress($"joined {Connected}/{plan.To - plan.From}, errors {_errors.Count}"), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        for (var i = plan.From; i < plan.To; i++)
        {
            // The ramp: listener k of this process starts k / rate seconds after the first.
            var due = TimeSpan.FromSeconds((i - plan.From) / plan.JoinRate) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken).ConfigureAwait(false);
            }

            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            joins.Add(JoinOneAsync(i, gate, cancellationToken));
        }

        await Task.WhenAll(joins).ConfigureAwait(false);
        _rampSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>Waits until every listener has its room's last seq (or the timeout), then measures.</summary>
    public async Task<PoolReport> DrainAsync(DrainRequest request)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(request.Timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline && _listeners.Any(l => l.Failure == null && l.MaxSeq < request.LastSeqs[l.Room]))
        {
            await Task.Delay(100).ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false); // stops the receive loops, so the arrivals are final
        var report = new PoolReport { Connected = Connected, Joins = [.. _joinMs], RampSeconds = _rampSeconds };
        foreach (var listener in _listeners)
        {
            report.Add(listener, request, await listener.Subscribed.ConfigureAwait(false));
            if (listener.Failure != null)
            {
                report.AddError(listener.Failure);
            }
        }

        foreach (var error in _errors)
        {
            report.AddError(error);
        }

        return report;
    }

    public async ValueTask DisposeAsync()
    {
        if (_keepAlive != null)
        {
            await _keepAlive.DisposeAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(_listeners.Select(l => l.DisposeAsync().AsTask())).ConfigureAwait(false);
        _target.Dispose();
    }

    private async Task JoinOneAsync(int index, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        var listener = new Listener(plan.Rooms[index % plan.Rooms.Count], plan.Target == TargetKind.SignalR);
        try
        {
            _joinMs.Add(await _target.JoinAsync(listener, index, cancellationToken).ConfigureAwait(false));
            _listeners.Add(listener);
        }
        catch (Exception e) when (e is HttpRequestException or WebSocketException or InvalidOperationException or TaskCanceledException)
        {
            _errors.Enqueue($"join: {e.GetType().Name}: {e.Message}");
            await listener.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private void SendToAll(byte[] message)
    {
        foreach (var listener in _listeners)
        {
            if (listener.Socket.State == WebSocketState.Open)
            {
                _ = listener.Socket.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None);
            }
        }
    }
}
