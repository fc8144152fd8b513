using System.Diagnostics;

namespace Spaces.LoadTest;

/// <summary>
/// One run: rooms prepared, listeners joined at the ramp rate (here or in workers), the host changes the stage
/// at a fixed rate while the audience reacts, then every listener is checked against the rooms' last seq.
/// </summary>
public static class LoadRun
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    public static async Task<LoadResult> RunAsync(LoadOptions options, Action<string>? progress, CancellationToken cancellationToken)
    {
        using var target = LoadTarget.Create(options.Target, options.Url, options.RunId);
        var rooms = await target.PrepareRoomsAsync(options.Spaces, options.Speakers, cancellationToken).ConfigureAwait(false);
        progress?.Invoke($"{rooms.Count} room(s) ready on {options.Url} ({options.Target})");
        await WarmUpAsync(options, rooms, progress, cancellationToken).ConfigureAwait(false);
        var memoryBefore = Sample(options);

        var groups = Plan(options, rooms);
        try
        {
            var joining = Stopwatch.StartNew();
            await Task.WhenAll(groups.Select(g => g.JoinAllAsync(cancellationToken))).ConfigureAwait(false);
            var joinSeconds = joining.Elapsed.TotalSeconds;
            progress?.Invoke($"listeners joined in {joinSeconds:F1} s; changing the stage {options.StageChanges} times per room");
            await Task.Delay(Settle, cancellationToken).ConfigureAwait(false);
            var memoryAfter = Sample(options);

            var phaseStart = Stopwatch.GetTimestamp();
            var reactionErrors = 0;
            var stage = rooms.Select(async (room, r) =>
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var reacting = ReactAsync(target, options, room, r, () => Interlocked.Increment(ref reactionErrors), stop.Token);
                var triggers = await ChangeStageAsync(target, options, room, progress, cancellationToken).ConfigureAwait(false);
                await stop.CancelAsync().ConfigureAwait(false);
                await reacting.ConfigureAwait(false);
                return (room, triggers);
            });
            var triggersByRoom = (await Task.WhenAll(stage).ConfigureAwait(false)).ToDictionary(x => x.room, x => x.triggers);
            await Task.Delay(Settle, cancellationToken).ConfigureAwait(false);

            var request = new DrainRequest(rooms.ToDictionary(r => r, target.LastSeq), triggersByRoom, phaseStart, options.DrainTimeout);
            var reports = await Task.WhenAll(groups.Select(g => g.DrainAsync(request))).ConfigureAwait(false);
            var phaseSeconds = Stopwatch.GetElapsedTime(phaseStart).TotalSeconds;
            var cpuAfter = Sample(options);
            var merged = new PoolReport();
            foreach (var report in reports)
            {
                merged.Merge(report);
            }

            for (var i = 0; i < reactionErrors; i++)
            {
                merged.AddError("reaction refused");
            }

            // The ramp's own duration when the pools measured it (minting tokens before it is not joining).
            var rampSeconds = merged.RampSeconds > 0 ? merged.RampSeconds : joinSeconds;
            return LoadResult.From(options, merged, rampSeconds, phaseSeconds, memoryBefore, memoryAfter, cpuAfter);
        }
        finally
        {
            foreach (var group in groups)
            {
                await group.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The warm-up listeners (indexes after the measured ones: users of their own) join and close their sockets.</summary>
    private static async Task WarmUpAsync(LoadOptions options, IReadOnlyList<string> rooms, Action<string>? progress, CancellationToken cancellationToken)
    {
        if (options.WarmupListeners == 0)
        {
            return;
        }

        var plan = new PoolPlan(options.Target, options.Url, options.RunId, rooms, options.Listeners, options.Listeners + options.WarmupListeners, options.JoinRate);
        await using (var pool = new ListenerPool(plan, progress: null))
        {
            await pool.JoinAllAsync(cancellationToken).ConfigureAwait(false);
        }

        progress?.Invoke($"{options.WarmupListeners} warm-up listener(s) joined and left");
        await Task.Delay(Settle, cancellationToken).ConfigureAwait(false);
    }

    private static List<IListenerGroup> Plan(LoadOptions options, IReadOnlyList<string> rooms)
    {
        var processes = Math.Max(1, options.Workers);
        var groups = new List<IListenerGroup>();
        for (var w = 0; w < processes; w++)
        {
            var from = (int)((long)options.Listeners * w / processes);
            var to = (int)((long)options.Listeners * (w + 1) / processes);
            var url = options.ListenerUrls.Count == 0 ? options.Url : options.ListenerUrls[w % options.ListenerUrls.Count];
            var plan = new PoolPlan(options.Target, url, options.RunId, rooms, from, to, options.JoinRate / processes);
            groups.Add(options.Workers == 0
                ? new ListenerPool(plan, options.Quiet ? null : message => Console.Error.WriteLine($"  {message}"))
                : new WorkerProcess(plan));
        }

        return groups;
    }

    private static async Task<Trigger[]> ChangeStageAsync(LoadTarget target, LoadOptions options, string room, Action<string>? progress, CancellationToken cancellationToken)
    {
        var triggers = new Trigger[options.StageChanges];
        for (var k = 0; k < options.StageChanges; k++)
        {
            var next = Stopwatch.GetTimestamp() + (long)(options.StageInterval.TotalSeconds * Stopwatch.Frequency);
            triggers[k] = await target.ChangeStageAsync(room, k, cancellationToken).ConfigureAwait(false);
            if ((k + 1) % 10 == 0)
            {
                progress?.Invoke($"{room}: {k + 1}/{options.StageChanges} stage changes");
            }

            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }

        return triggers;
    }

    /// <summary>Listeners of the room react at the configured rate, each a random member of its audience.</summary>
    private static async Task ReactAsync(LoadTarget target, LoadOptions options, string room, int roomIndex, Action onError, CancellationToken stop)
    {
        if (options.ReactionRate <= 0)
        {
            return;
        }

        var perRoom = (options.Listeners - roomIndex + options.Spaces - 1) / options.Spaces;
        var interval = TimeSpan.FromSeconds(1 / options.ReactionRate);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var index = roomIndex + (options.Spaces * Random.Shared.Next(perRoom));
                _ = target.ReactAsync(room, index, stop).ContinueWith(t => onError(), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                await Task.Delay(interval, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The stage changes are over.
        }
    }

    private static ServerSample? Sample(LoadOptions options) => options.ServerPids.Count == 0 ? null : ServerSample.Read(options.ServerPids);
}
