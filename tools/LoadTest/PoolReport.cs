using System.Diagnostics;

namespace Spaces.LoadTest;

/// <summary>What one listener process measured; workers send it to the coordinator as JSON, which merges them.</summary>
public sealed class PoolReport
{
    private const int MaxErrorSamples = 5;

    public int Connected { get; set; }

    public List<double> Joins { get; set; } = [];

    /// <summary>From the ramp's start (tokens are minted before it) to the last join's end.</summary>
    public double RampSeconds { get; set; }

    public List<double> Fanout { get; set; } = [];

    public long Missed { get; set; }

    public long OutOfOrder { get; set; }

    /// <summary>Events received while the stage changed: the work the server's CPU time is divided by.</summary>
    public long Deliveries { get; set; }

    public int Errors { get; set; }

    public List<string> ErrorSamples { get; set; } = [];

    public void Add(Listener listener, DrainRequest request, long subscribedAfter)
    {
        var last = request.LastSeqs[listener.Room];
        var received = new HashSet<long>();
        var triggers = request.Triggers[listener.Room].ToDictionary(t => t.Seq, t => t.SentAt);
        foreach (var arrival in listener.Arrivals)
        {
            received.Add(arrival.Seq);
            if (arrival.Timestamp >= request.PhaseStart)
            {
                Deliveries++;
            }

            if (triggers.TryGetValue(arrival.Seq, out var sentAt))
            {
                Fanout.Add(Stopwatch.GetElapsedTime(sentAt, arrival.Timestamp).TotalMilliseconds);
            }
        }

        for (var seq = subscribedAfter + 1; seq <= last; seq++)
        {
            if (!received.Contains(seq))
            {
                Missed++;
            }
        }

        OutOfOrder += listener.OutOfOrder;
    }

    public void AddError(string error)
    {
        Errors++;
        if (ErrorSamples.Count < MaxErrorSamples && !ErrorSamples.Contains(error))
        {
            ErrorSamples.Add(error);
        }
    }

    public void Merge(PoolReport other)
    {
        Connected += other.Connected;
        RampSeconds = Math.Max(RampSeconds, other.RampSeconds);
        Joins.AddRange(other.Joins);
        Fanout.AddRange(other.Fanout);
        Missed += other.Missed;
        OutOfOrder += other.OutOfOrder;
        Deliveries += other.Deliveries;
        Errors += other.Errors - other.ErrorSamples.Count;
        foreach (var error in other.ErrorSamples)
        {
            AddError(error);
        }
    }
}
