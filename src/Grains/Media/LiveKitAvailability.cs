using Microsoft.Extensions.Logging;
using Spaces.Contracts;

namespace Spaces.Grains.Media;

/// <summary>
/// LiveKit's availability as every room's queue sees it. While it is down, one room at a time probes it with
/// exponential backoff (full jitter) and every other room waits for the probe to succeed: the load on a
/// recovering LiveKit and the log stay bounded per outage, not per room — one warning when the outage starts,
/// one line when it ends, probe failures at Debug.
/// </summary>
/// <param name="service">What the log lines call it: LiveKit's RoomService or its Egress service.</param>
internal sealed partial class LiveKitAvailability(SpacesOptions options, TimeProvider time, ILogger logger, string service)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _recovered;
    private bool _probing;
    private TimeSpan _delay;
    private DateTimeOffset _downSince;
    private int _probes;

    public bool IsDown
    {
        get
        {
            lock (_gate)
            {
                return _recovered is not null;
            }
        }
    }

    /// <summary>Returns when this caller may call LiveKit: at once while it is up; during an outage, as the next probe (true) after the backoff, or once it is back.</summary>
    public async Task<bool> WaitTurnAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task recovered;
            TimeSpan delay;
            lock (_gate)
            {
                if (_recovered is null)
                {
                    return false;
                }

                recovered = _recovered.Task;
                delay = _delay;
                if (!_probing)
                {
                    _probing = true;
                    recovered = Task.CompletedTask;
                }
            }

            if (recovered.IsCompleted)
            {
                await Task.Delay(delay * (0.5 + Random.Shared.NextDouble() / 2), time, cancellationToken);
                return true;
            }

            await recovered.WaitAsync(cancellationToken);
        }
    }

    /// <summary>LiveKit answered (success or refusal): an outage, if any, is over and every waiting room goes on.</summary>
    public void Answered()
    {
        TaskCompletionSource? recovered;
        lock (_gate)
        {
            recovered = _recovered;
            if (recovered is null)
            {
                return;
            }

            _recovered = null;
            _probing = false;
            LogRecovered(logger, service, time.GetUtcNow() - _downSince, _probes);
        }

        recovered.TrySetResult();
    }

    /// <summary>A call found LiveKit unavailable: starts an outage, or after a failed probe doubles the backoff.</summary>
    public void Unavailable(Exception error, bool probing)
    {
        lock (_gate)
        {
            if (_recovered is null)
            {
                _recovered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _delay = options.MediaRetryInitialDelay;
                _downSince = time.GetUtcNow();
                _probes = 0;
                LogOutage(logger, error, service, _delay, options.MediaRetryMaxDelay);
            }
            else if (probing)
            {
                _probes++;
                _delay = TimeSpan.FromTicks(Math.Min(_delay.Ticks * 2, options.MediaRetryMaxDelay.Ticks));
                _probing = false;
                LogProbeFailed(logger, service, _probes, _delay);
            }
        }
    }

    /// <summary>A probe that was not sent after all (its operation became moot): another room takes the next turn.</summary>
    public void Abandon(bool probing)
    {
        if (probing)
        {
            lock (_gate)
            {
                _probing = false;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service} is unavailable; its operations wait and one probe retries with backoff from {Delay} up to {MaxDelay}")]
    private static partial void LogOutage(ILogger logger, Exception exception, string service, TimeSpan delay, TimeSpan maxDelay);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Service} probe {Probe} failed; next in about {Delay}")]
    private static partial void LogProbeFailed(ILogger logger, string service, int probe, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} answers again after {Downtime} and {Probes} failed probes; waiting operations resume")]
    private static partial void LogRecovered(ILogger logger, string service, TimeSpan downtime, int probes);
}
