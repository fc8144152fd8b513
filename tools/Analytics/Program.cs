using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spaces.Analytics.Hosting;
using Spaces.Analytics.Terminal;

// The console around AnalyticsJob: arguments, the Orleans client, the display, and the summary on exit.
JobArguments arguments;
try
{
    arguments = JobArguments.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(JobArguments.Usage);
    return 2;
}

// appsettings.json beside the binary, wherever `dotnet run` is started from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = arguments.ConfigurationArgs, ContentRootPath = AppContext.BaseDirectory });
// Logs go to stderr: stdout is the table (or the progress lines).
builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
builder.AddAnalyticsClient();
using var host = builder.Build();
await host.StartAsync();
var client = host.Services.GetRequiredService<IClusterClient>();
var time = TimeProvider.System;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // stop cleanly: write what is queued and the summary
    stop.Cancel();
};
if (arguments.Duration is { } duration)
{
    stop.CancelAfter(duration);
}

await using (var job = await AnalyticsJob.StartAsync(client, arguments.DatabasePath, time))
{
    Console.Error.WriteLine($"Subscribed to every Space's events ({job.CaughtUp} caught up from the cluster's archive); "
        + $"writing them to {Path.GetFullPath(arguments.DatabasePath)}. Ctrl+C stops.");
    await JobConsole.ShowAsync(job.Aggregator, time, stop.Token);
    var summary = await job.StopAsync();
    if (arguments.SummaryPath is { } summaryPath)
    {
        await File.WriteAllTextAsync(summaryPath, summary.ToJson());
        Console.Error.WriteLine($"Summary written to {Path.GetFullPath(summaryPath)}: {summary.EventsTotal} events, {summary.DuplicatesDropped} duplicates dropped.");
    }
}

await host.StopAsync();
return 0;
