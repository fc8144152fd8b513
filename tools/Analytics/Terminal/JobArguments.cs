using System.Globalization;

namespace Spaces.Analytics.Terminal;

/// <summary>The command line: <c>[--duration SECONDS] [--summary FILE] [--db FILE]</c>; anything else is configuration.</summary>
public sealed record JobArguments(TimeSpan? Duration, string? SummaryPath, string DatabasePath, string[] ConfigurationArgs)
{
    public const string DefaultDatabasePath = "spaces-analytics.duckdb";

    public const string Usage = """
        Usage: dotnet run --project tools/Analytics -- [--duration SECONDS] [--summary FILE] [--db FILE] [Key=Value ...]
          --duration SECONDS  stop after this many seconds (default: run until Ctrl+C)
          --summary FILE      write the JSON summary to FILE on exit
          --db FILE           the DuckDB file events are written to (default: spaces-analytics.duckdb)
          Key=Value           any configuration setting, e.g. Gateway:Clustering=AdoNet (README: Configuration)
        """;

    /// <summary>Reads the arguments; a bad one throws <see cref="ArgumentException"/> naming it and the rule.</summary>
    public static JobArguments Parse(IReadOnlyList<string> args)
    {
        TimeSpan? duration = null;
        string? summary = null;
        var database = DefaultDatabasePath;
        var configuration = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--duration":
                    var text = ValueOf(args, ref i);
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
                    {
                        throw new ArgumentException($"--duration must be a positive number of seconds, not \"{text}\".");
                    }

                    duration = TimeSpan.FromSeconds(seconds);
                    break;
                case "--summary":
                    summary = ValueOf(args, ref i);
                    break;
                case "--db":
                    database = ValueOf(args, ref i);
                    break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal) && !args[i].Contains('='))
                    {
                        throw new ArgumentException($"Unknown option {args[i]}.");
                    }

                    configuration.Add(args[i]);
                    break;
            }
        }

        return new JobArguments(duration, summary, database, [.. configuration]);
    }

    private static string ValueOf(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{args[i]} needs a value.");
        }

        return args[++i];
    }
}
