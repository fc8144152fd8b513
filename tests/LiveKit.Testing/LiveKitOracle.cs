using System.Text.Json.Nodes;
using Xunit;

namespace Spaces.LiveKit.Testing;

/// <summary>
/// LiveKit's official Node server SDK as a command-line oracle: the repository's own <c>tests/livekit-oracle</c>
/// (livekit-server-sdk pinned in its package.json and package-lock.json), installed there by <c>test.sh</c> with
/// <c>npm ci</c>. Missing Node or an uninstalled oracle fails the tests that need it, with the command that fixes it.
/// Use it as a class or collection fixture; the collection definition belongs in the test assembly.
/// </summary>
public sealed class LiveKitOracle : IAsyncLifetime
{
    /// <summary>The oracle's folder relative to the repository root (the folder holding Spaces.sln).</summary>
    public const string RelativeDirectory = "tests/livekit-oracle";

    private const string Script = "oracle.mjs";
    // A guard against a hung oracle, not a speed target: Node's start-up alone takes seconds on a loaded machine.
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    private readonly string _oracleDirectory = LocateOracle();

    // Body files for the webhook commands; the oracle folder itself is part of the repository and stays clean.
    private readonly string _scratchDirectory = Directory.CreateTempSubdirectory("livekit-oracle-").FullName;

    public Task InitializeAsync()
    {
        var sdk = Path.Combine(_oracleDirectory, "node_modules", "livekit-server-sdk", "package.json");
        return File.Exists(sdk)
            ? Task.CompletedTask
            : throw new InvalidOperationException(
                $"The LiveKit oracle is not installed: {sdk} is missing. Run `npm ci --prefix {RelativeDirectory}` "
                + "from the repository root (test.sh does this before the tests).");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_scratchDirectory, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Runs <c>node oracle.mjs args…</c>; a non-zero exit is returned, not thrown (rejections exit 1).</summary>
    private Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("node", [Script, .. arguments], _oracleDirectory, CallTimeout);

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

    /// <summary>Writes <paramref name="content"/> to a temporary file (for the commands that take a body file).</summary>
    public string WriteFile(string content)
    {
        var path = Path.Combine(_scratchDirectory, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, content);
        return path;
    }

    private static string LocateOracle()
    {
        var oracle = Path.Combine(Repository.Root, RelativeDirectory);
        return File.Exists(Path.Combine(oracle, Script))
            ? oracle
            : throw new InvalidOperationException($"The LiveKit oracle script is missing: {Path.Combine(oracle, Script)}.");
    }
}
