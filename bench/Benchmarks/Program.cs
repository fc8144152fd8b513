using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Spaces.Benchmarks;

/// <summary>
/// BenchmarkDotNet benchmarks of the hot paths. Short in-process jobs, since the machines here are shared:
/// <c>dotnet run -c Release --project bench/Benchmarks -- --filter '*'</c>. docs/performance.md has the results
/// and the machine's load when they were taken. (Not a top-level program: the gateway's <c>Program</c> is referenced.)
/// </summary>
public static class BenchmarkEntry
{
    public static void Main(string[] args)
    {
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args, config);
    }
}
