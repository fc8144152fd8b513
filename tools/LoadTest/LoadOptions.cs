using System.Globalization;

namespace Spaces.LoadTest;

/// <summary>Which server the tool drives: a Spaces gateway, or one of the reference servers in bench/.</summary>
public enum TargetKind
{
    Spaces,
    Baseline,
    SignalR,
}

/// <summary>What one run does. Every limit is checked by <see cref="Validate"/> with a message naming the flag.</summary>
public sealed record LoadOptions
{
    /// <summary>Listeners one process holds at most: each process here may open 20,000 files.</summary>
    public const int MaxListenersPerProcess = 18_000;

    public TargetKind Target { get; init; } = TargetKind.Spaces;

    public Uri Url { get; init; } = new("http://127.0.0.1:5080");

    public int Listeners { get; init; } = 1000;

    public int Spaces { get; init; } = 1;

    public int Speakers { get; init; } = 2;

    /// <summary>New listeners per second while ramping up.</summary>
    public double JoinRate { get; init; } = 200;

    /// <summary>Stage changes per Space the host makes.</summary>
    public int StageChanges { get; init; } = 20;

    public TimeSpan StageInterval { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>Reactions per second from the whole audience of each Space while the stage changes.</summary>
    public double ReactionRate { get; init; }

    /// <summary>
    /// Listeners that join the rooms and leave again before the measured ramp, at the same rate, so the server's
    /// first-call costs (JIT, pools, caches) stay out of the figures; 0 measures a cold server.
    /// </summary>
    public int WarmupListeners { get; init; }

    /// <summary>Worker processes the listeners are spread over; 0 keeps them in this process.</summary>
    public int Workers { get; init; }

    public IReadOnlyList<int> ServerPids { get; init; } = [];

    /// <summary>
    /// Gateways the listeners connect to, one per listener process in turn (several gateways of one cluster);
    /// empty: all use <see cref="Url"/>, which rooms and stage changes always use.
    /// </summary>
    public IReadOnlyList<Uri> ListenerUrls { get; init; } = [];

    /// <summary>How long listeners may take, after the last stage change, to receive every event.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Tells this run's user ids apart from earlier runs against the same server.</summary>
    public string RunId { get; init; } = DateTime.UtcNow.Ticks.ToString("x", CultureInfo.InvariantCulture);

    public bool Quiet { get; init; }

    public string? JsonPath { get; init; }

    public static string Usage => """
        LoadTest --target spaces|baseline|signalr --url http://127.0.0.1:5080
                 [--listeners 1000] [--spaces 1] [--speakers 2] [--join-rate 200] [--stage-changes 20]
                 [--stage-interval-ms 400] [--reaction-rate 0] [--warmup 0] [--workers 0] [--server-pid PID]...
                 [--listener-url URL]...
                 [--drain-timeout-s 15] [--json FILE] [--quiet]
        """;

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions();
        var pids = new List<int>();
        var listenerUrls = new List<Uri>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            int Int() => int.TryParse(Value(), CultureInfo.InvariantCulture, out var v) ? v : throw new ArgumentException($"{name} must be an integer.");
            double Real() => double.TryParse(Value(), CultureInfo.InvariantCulture, out var v) ? v : throw new ArgumentException($"{name} must be a number.");
            options = name switch
            {
                "--target" => options with { Target = Enum.TryParse<TargetKind>(Value(), ignoreCase: true, out var t) ? t : throw new ArgumentException("--target must be spaces, baseline or signalr.") },
                "--url" => options with { Url = Uri.TryCreate(Value(), UriKind.Absolute, out var u) ? u : throw new ArgumentException("--url must be an absolute http URL.") },
                "--listeners" => options with { Listeners = Int() },
                "--spaces" => options with { Spaces = Int() },
                "--speakers" => options with { Speakers = Int() },
                "--join-rate" => options with { JoinRate = Real() },
                "--stage-changes" => options with { StageChanges = Int() },
                "--stage-interval-ms" => options with { StageInterval = TimeSpan.FromMilliseconds(Int()) },
                "--reaction-rate" => options with { ReactionRate = Real() },
                "--warmup" => options with { WarmupListeners = Int() },
                "--workers" => options with { Workers = Int() },
                "--server-pid" => options,
                "--listener-url" => options,
                "--drain-timeout-s" => options with { DrainTimeout = TimeSpan.FromSeconds(Int()) },
                "--json" => options with { JsonPath = Value() },
                "--quiet" => options with { Quiet = true },
                _ => throw new ArgumentException($"Unknown option {name}.\n{Usage}"),
            };
            if (name == "--server-pid")
            {
                pids.Add(Int());
            }
            else if (name == "--listener-url")
            {
                listenerUrls.Add(Uri.TryCreate(Value(), UriKind.Absolute, out var u) ? u : throw new ArgumentException("--listener-url must be an absolute http URL."));
            }
        }

        options = options with { ServerPids = pids, ListenerUrls = listenerUrls };
        options.Validate();
        return options;
    }

    public void Validate()
    {
        Require(Url.Scheme is "http" or "https", "--url must be an http or https URL.");
        Require(Listeners is >= 1 and <= 1_000_000, "--listeners must be between 1 and 1,000,000.");
        Require(Spaces is >= 1 && Spaces <= Listeners, "--spaces must be between 1 and --listeners.");
        Require(Speakers is >= 0 and <= 11, "--speakers must be between 0 and 11 (the stage holds 13 with the host and the rotating seat).");
        Require(JoinRate > 0, "--join-rate must be above 0.");
        Require(StageChanges is >= 1 and <= 10_000, "--stage-changes must be between 1 and 10,000.");
        Require(StageInterval >= TimeSpan.Zero, "--stage-interval-ms must be 0 or more.");
        Require(ReactionRate >= 0, "--reaction-rate must be 0 or more.");
        Require(WarmupListeners is >= 0 and <= MaxListenersPerProcess, $"--warmup must be between 0 and {MaxListenersPerProcess} (the warm-up runs in this process).");
        Require(Workers >= 0, "--workers must be 0 or more.");
        Require(ListenerUrls.All(u => u.Scheme is "http" or "https"), "--listener-url must be an http or https URL.");
        Require(ListenerUrls.Count <= Math.Max(1, Workers), "--listener-url: give at most one per listener process (raise --workers).");
        var perProcess = (Listeners + Math.Max(1, Workers) - 1) / Math.Max(1, Workers);
        Require(perProcess <= MaxListenersPerProcess,
            $"--listeners {Listeners} over {Math.Max(1, Workers)} process(es) is {perProcess} each; at most {MaxListenersPerProcess} fit in one process: raise --workers.");
    }

    private static void Require(bool rule, string message)
    {
        if (!rule)
        {
            throw new ArgumentException(message);
        }
    }
}
