using System.ComponentModel;
using System.Diagnostics;

namespace Spaces.LiveKit.Testing;

internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);

internal static class ProcessRunner
{
    /// <summary>Runs a program to completion with an argument list (no shell quoting) and captures its output.</summary>
    /// <exception cref="InvalidOperationException">The program is not installed or exceeded <paramref name="timeout"/>.</exception>
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"'{fileName}' could not be started ({e.Message}). The LiveKit oracle tests need Node.js and npm on PATH.", e);
        }

        // Read both streams concurrently so neither pipe fills up and blocks the child.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"'{fileName} {string.Join(' ', startInfo.ArgumentList)}' did not finish within {timeout}.");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
