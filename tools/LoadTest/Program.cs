// The Spaces load tool: drives a running deployment (or a reference server from bench/) over HTTP and real
// WebSockets and prints what its listeners saw. `LoadTest --help` lists the options; docs/performance.md has runs.
using Spaces.LoadTest;

if (args is [WorkerProcess.Flag])
{
    return await WorkerProcess.ServeAsync(Console.In, Console.Out);
}

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(LoadOptions.Usage);
    return 0;
}

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var result = await LoadRun.RunAsync(options, options.Quiet ? null : message => Console.Error.WriteLine(message), cancel.Token);
Console.WriteLine(result.ToTable());
var json = result.ToJson();
Console.WriteLine(json);
if (options.JsonPath != null)
{
    await File.WriteAllTextAsync(options.JsonPath, json + Environment.NewLine);
}

foreach (var sample in result.ErrorSamples)
{
    Console.Error.WriteLine($"  error: {sample}");
}

return result.Clean ? 0 : 1;
