using System.Diagnostics;
using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.LoadTest.Tests;

/// <summary>
/// tools/profile.sh against a real gateway: this test process hosts one on a real port, serves requests while the
/// script profiles it, and the counters, the trace and the heap dump must all show that gateway.
/// </summary>
public sealed class ProfileScriptTests(GatewayHost gateway) : IClassFixture<GatewayHost>
{
    [Fact]
    public async Task A_profile_of_a_serving_gateway_holds_its_requests_its_stacks_and_its_heap()
    {
        var output = Directory.CreateTempSubdirectory("spaces-profile-");
        try
        {
            var profiling = RunAsync("--pid", Environment.ProcessId.ToString(), "--seconds", "3", "--out", output.FullName);
            using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
            while (!profiling.IsCompleted)
            {
                (await http.GetAsync("/health/live")).EnsureSuccessStatusCode();
                await Task.WhenAny(profiling, Task.Delay(50));
            }

            var (exitCode, _, error) = await profiling;
            Assert.True(exitCode == 0, error);
            Assert.Contains("http.server.request.duration", File.ReadAllText(Path.Combine(output.FullName, "counters.csv")));
            Assert.Contains("Top 40 Functions", File.ReadAllText(Path.Combine(output.FullName, "trace-top.txt")), StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Spaces.Gateway.", File.ReadAllText(Path.Combine(output.FullName, "heap-top.txt")));
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(new[] { "--seconds", "3" }, "--pid is required")]
    [InlineData(new[] { "--pid", "gateway" }, "--pid must be a process id")]
    [InlineData(new[] { "--pid", "1", "--seconds", "0" }, "--seconds must be a whole number from 1 to 3600")]
    [InlineData(new[] { "--pid", "1", "--sample" }, "unknown argument '--sample'")]
    public async Task Bad_arguments_are_refused_naming_the_argument(string[] arguments, string message)
    {
        var (exitCode, _, error) = await RunAsync(arguments);

        Assert.Equal(2, exitCode);
        Assert.Contains(message, error);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(Repository.Root, "tools", "profile.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
