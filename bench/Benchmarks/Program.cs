// BenchmarkDotNet benchmarks of the hot paths. Short in-process jobs, since the machines here are shared:
//   dotnet run -c Release --project bench/Benchmarks -- --filter '*'
// docs/performance.md has the results and the machine's load when they were taken.
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
