using System.Text.Json.Nodes;
using Xunit;

namespace Spaces.LiveKit.Testing;

/// <summary>
/// LiveKit's official Node server SDK as a command-line oracle (<c>../shared/livekit-oracle</c> next to the repo),
/// installed into a temporary directory once per fixture. Missing Node or npm fails the tests that need it.
/// Use it as a class or collection fixture; the collection definition belongs in the test assembly.
/// </summary>
public sealed class LiveKitOracle : IAsyncLifetime
{
    private static readonly string[] OracleFiles = ["package.json", "package-lock.json", "oracle.mjs"];
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(20);

    private readonly string _directory = Directory.CreateTempSubdirectory("livekit-oracle-").FullName;

    public async Task InitializeAsync()
    {
        var source = LocateOracleSource();
        foreach (var file in OracleFiles)
        {
            File.Copy(Path.Combine(source, file), Path.Combine(_directory, file));
        }

        var install = await ProcessRunner.RunAsync("npm", ["ci", "--silent"], _directory, TimeSpan.FromMinutes(3));
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci for the LiveKit oracle failed ({install.ExitCode}):\n{install.StandardError}{install.StandardOutput}");
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Runs <c>node oracle.mjs args…</c>; a non-zero exit is returned, not thrown (rejections exit 1).</summary>
    private Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("node", ["oracle.mjs", .. arguments], _directory, CallTimeout);

    /// <summary>Runs the oracle and returns its trimmed output, failing the test when the oracle rejects.</summary>
    public async Task<string> RunSuccessfullyAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, $"oracle {arguments[0]} failed ({result.ExitCode}): {result.StandardError}");
        return result.StandardOutput.Trim();
    }

    /// <summary>Runs the oracle expecting a rejection, and returns its message.</summary>
    public async Task<string> RunRejectedAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode != 0, $"oracle {arguments[0]} accepted what it should reject: {result.StandardOutput}");
        return result.StandardError.Trim();
    }

    public async Task<JsonObject> RunForJsonAsync(params string[] arguments) =>
        JsonNode.Parse(await RunSuccessfullyAsync(arguments))!.AsObject();

    /// <summary>Writes <paramref name="content"/> to a file in the oracle directory (for the commands that take a body file).</summary>
    public string WriteFile(string content)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, content);
        return path;
    }

    private static string LocateOracleSource()
    {
        // The oracle lives beside the repository: <root>/../shared/livekit-oracle, <root> holding Spaces.sln.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Spaces.sln")))
            {
                var oracle = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "livekit-oracle"));
                return Directory.Exists(oracle)
                    ? oracle
                    : throw new InvalidOperationException($"LiveKit oracle not found at {oracle}.");
            }
        }

        throw new InvalidOperationException($"No Spaces.sln above {AppContext.BaseDirectory}; cannot locate the LiveKit oracle.");
    }
}
