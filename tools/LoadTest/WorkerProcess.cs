using System.Diagnostics;
using System.Text.Json;

namespace Spaces.LoadTest;

/// <summary>A share of the listeners, held in this process or in a worker process.</summary>
public interface IListenerGroup : IAsyncDisposable
{
    Task JoinAllAsync(CancellationToken cancellationToken);

    Task<PoolReport> DrainAsync(DrainRequest request);
}

/// <summary>
/// This tool relaunched as <c>LoadTest --worker</c>: one JSON line in on stdin (the plan), "joined" out on stdout,
/// one line in (the drain request), its report out. A process may open only 20,000 files, so large runs need several.
/// </summary>
public sealed class WorkerProcess(PoolPlan plan) : IListenerGroup
{
    public const string Flag = "--worker";
    private Process? _process;

    public async Task JoinAllAsync(CancellationToken cancellationToken)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The tool cannot find its own executable.");
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(WorkerProcess).Assembly.Location); // run as `dotnet LoadTest.dll`
        }

        start.ArgumentList.Add(Flag);
        _process = Process.Start(start) ?? throw new InvalidOperationException("The worker process did not start.");
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(plan, WorkerJson.Options)).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
        var joined = await _process.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (joined != WorkerJson.Joined)
        {
            throw new InvalidOperationException($"Worker for listeners {plan.From}..{plan.To} failed while joining.");
        }
    }

    public async Task<PoolReport> DrainAsync(DrainRequest request)
    {
        var process = _process ?? throw new InvalidOperationException("The worker was not started.");
        await process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(request, WorkerJson.Options)).ConfigureAwait(false);
        await process.StandardInput.FlushAsync().ConfigureAwait(false);
        var line = await process.StandardOutput.ReadLineAsync().ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Worker for listeners {plan.From}..{plan.To} exited without a report.");
        return JsonSerializer.Deserialize<PoolReport>(line, WorkerJson.Options)!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process != null)
        {
            if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                _process.Kill();
            }

            await _process.WaitForExitAsync().ConfigureAwait(false);
            _process.Dispose();
        }
    }

    /// <summary>The worker side: runs in the relaunched process until its report is written.</summary>
    public static async Task<int> ServeAsync(TextReader input, TextWriter output)
    {
        var plan = JsonSerializer.Deserialize<PoolPlan>(await input.ReadLineAsync().ConfigureAwait(false) ?? "null", WorkerJson.Options)
            ?? throw new InvalidOperationException("The worker got no plan on stdin.");
        var pool = new ListenerPool(plan, message => Console.Error.WriteLine($"  [listeners {plan.From}..{plan.To}] {message}"));
        await pool.JoinAllAsync(CancellationToken.None).ConfigureAwait(false);
        await output.WriteLineAsync(WorkerJson.Joined).ConfigureAwait(false);
        await output.FlushAsync().ConfigureAwait(false);
        var request = JsonSerializer.Deserialize<DrainRequest>(await input.ReadLineAsync().ConfigureAwait(false) ?? "null", WorkerJson.Options)
            ?? throw new InvalidOperationException("The worker got no drain request on stdin.");
        var report = await pool.DrainAsync(request).ConfigureAwait(false);
        await output.WriteLineAsync(JsonSerializer.Serialize(report, WorkerJson.Options)).ConfigureAwait(false);
        await output.FlushAsync().ConfigureAwait(false);
        return 0;
    }
}

internal static class WorkerJson
{
    public const string Joined = "joined";

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
