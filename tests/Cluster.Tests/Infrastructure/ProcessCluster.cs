using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Spaces.Cluster.Tests.Infrastructure;

/// <summary>
/// A cluster of real processes on 127.0.0.1 — silos (src/Silo) and gateways (src/Gateway in Client mode), each
/// started with <c>dotnet</c> from its build output — that a test can <see cref="Kill"/> the hard way. Failure
/// detection is test-sized through configuration (Silo:Membership, Realtime:ObserverRenewInterval).
/// </summary>
public sealed class ProcessCluster(ClusterDatabase database) : IAsyncDisposable
{
    private readonly string _clusterId = $"crash-{Guid.NewGuid():N}";
    private readonly List<ClusterProcess> _processes = [];
    private IHost? _client;

    /// <summary>The service id every process of these clusters runs with.</summary>
    public const string ServiceId = "spaces-crash-test";

    public IReadOnlyList<ClusterProcess> Silos => _processes.Where(p => p.IsSilo && !p.HasExited).ToList();

    /// <summary>The cluster id its processes run with (for an Orleans client of the test's own).</summary>
    public string ClusterId => _clusterId;

    /// <summary>Membership timings these processes run with: a silo that stops answering is declared dead in seconds.</summary>
    public static IReadOnlyDictionary<string, string> FastFailureDetection { get; } = new Dictionary<string, string>
    {
        ["Silo__Membership__ProbeTimeout"] = "00:00:01",
        ["Silo__Membership__NumMissedProbesLimit"] = "2",
        ["Silo__Membership__TableRefreshTimeout"] = "00:00:02",
        ["Silo__Membership__IAmAliveTablePublishTimeout"] = "00:00:02",
        ["Silo__Membership__DeathVoteExpirationTimeout"] = "00:00:30",
    };

    /// <summary>
    /// Starts a silo, on new ports or on a crashed silo's (as a restarted machine does: the newcomer then declares its
    /// older self dead, which is how a cluster whose every silo crashed gets going again).
    /// </summary>
    public async Task<ClusterProcess> StartSiloAsync(ClusterProcess? replacing = null)
    {
        var siloPort = replacing?.SiloPort ?? Ports.Free();
        var gatewayPort = replacing?.GatewayPort ?? Ports.Free();
        var settings = new Dictionary<string, string>(database.SiloSettings)
        {
            ["Silo__ClusterId"] = _clusterId,
            ["Silo__ServiceId"] = ServiceId,
            ["Silo__AdvertisedAddress"] = IPAddress.Loopback.ToString(),
            ["Silo__SiloPort"] = siloPort.ToString(),
            ["Silo__GatewayPort"] = gatewayPort.ToString(),
        };
        foreach (var (key, value) in FastFailureDetection)
        {
            settings[key] = value;
        }

        var silo = Start("Silo", "Spaces.Silo.dll", settings, (siloPort, gatewayPort));
        await WaitAsync(() => silo.GetAsync("/health/live"), TimeSpan.FromSeconds(120), $"silo {siloPort} to serve /health/live", silo);
        return silo;
    }

    public async Task<ClusterProcess> StartGatewayAsync()
    {
        var settings = new Dictionary<string, string>(database.GatewaySettings)
        {
            ["Gateway__Mode"] = "Client",
            ["Gateway__ClusterId"] = _clusterId,
            ["Gateway__ServiceId"] = ServiceId,
            // The gateway re-registers its Space subscriptions this often: a reactivated Space learns of it quickly.
            ["Realtime__ObserverRenewInterval"] = "00:00:01",
        };
        var gateway = Start("Gateway", "Spaces.Gateway.dll", settings, siloPorts: null);
        await WaitAsync(async () =>
        {
            var body = await gateway.GetAsync("/health/ready");
            return body is not null && JsonNode.Parse(body)?["checks"]?["grains"]?["status"]?.GetValue<string>() == "healthy" ? body : null;
        }, TimeSpan.FromSeconds(120), "the gateway's grains to be healthy", gateway);
        return gateway;
    }

    /// <summary>Each process started, what became of it and the tail of its output: what a failing test prints.</summary>
    public string DescribeProcesses() => string.Join("\n\n", _processes.Select(process =>
        $"{(process.IsSilo ? $"silo {process.SiloPort}" : $"gateway {process.Address}")} ({process.Describe()}):\n{process.RecentOutput}"));

    /// <summary><c>kill -9</c>: no shutdown, no state written, no grains handed over.</summary>
    public static void Kill(ClusterProcess process) => process.Kill();

    /// <summary>Waits until the membership lists exactly <paramref name="count"/> active silos.</summary>
    public async Task WaitForActiveSilosAsync(int count, TimeSpan timeout)
    {
        var management = (await ClientAsync()).GetGrain<IManagementGrain>(0);
        await WaitAsync(async () => (await management.GetHosts(onlyActive: true)).Count == count ? "ok" : null, timeout, $"{count} active silos");
    }

    /// <summary>The silo process that hosts the grain's activation.</summary>
    public async Task<ClusterProcess> HostOfAsync(IAddressable grain)
    {
        var address = await (await ClientAsync()).GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        return Silos.Single(silo => silo.SiloPort == address?.Endpoint.Port);
    }

    public async Task<IClusterClient> ClientAsync()
    {
        if (_client is null)
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = _clusterId;
                    cluster.ServiceId = ServiceId;
                });
                client.Configure<GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
                database.UseClustering(client);
            });
            var host = builder.Build();
            await host.StartAsync();
            _client = host;
        }

        return _client.Services.GetRequiredService<IClusterClient>();
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _client.StopAsync(timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _client.Dispose();
        }

        foreach (var process in _processes)
        {
            process.Kill();
            process.Dispose();
        }
    }

    /// <summary>Polls until <paramref name="probe"/> answers non-null; fails naming what it waited for, with the process's last output.</summary>
    public static async Task<string> WaitAsync(Func<Task<string?>> probe, TimeSpan timeout, string what, ClusterProcess? process = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await probe() is { } answer)
                {
                    return answer;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OrleansException or TimeoutException)
            {
                // Not yet.
            }

            if (clock.Elapsed > timeout || process?.HasExited == true)
            {
                Assert.Fail($"Waited {clock.Elapsed.TotalSeconds:F0} s for {what}.{(process is null ? "" : $" {process.Describe()}; its output ended with:\n{process.RecentOutput}")}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    private ClusterProcess Start(string project, string assembly, Dictionary<string, string> settings, (int Silo, int Gateway)? siloPorts)
    {
        var httpPort = Ports.Free();
        var program = BuildOutput(project, assembly);
        var start = new ProcessStartInfo("dotnet", [program])
        {
            WorkingDirectory = Path.GetDirectoryName(program), // the content root: its appsettings*.json
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Urls"] = $"http://127.0.0.1:{httpPort}"; // over appsettings.json's "Urls"
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = new ClusterProcess(Process.Start(start)!, siloPorts, new Uri($"http://127.0.0.1:{httpPort}"));
        _processes.Add(process);
        return process;
    }

    /// <summary>src/{project}/bin/{configuration}/{framework}/{assembly}, next to this test assembly's own build.</summary>
    private static string BuildOutput(string project, string assembly)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (testOutput.Name, testOutput.Parent!.Name);
        var path = Path.Combine(Repository.Root, "src", project, "bin", configuration, framework, assembly);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build src/{project} first ({configuration}).", path);
    }
}

/// <summary>One silo or gateway process, with the tail of its output for failure messages.</summary>
public sealed class ClusterProcess : IDisposable
{
    private const int KeptLines = 100;
    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly HttpClient _http;

    public ClusterProcess(Process process, (int Silo, int Gateway)? siloPorts, Uri address)
    {
        _process = process;
        IsSilo = siloPorts is not null;
        (SiloPort, GatewayPort) = siloPorts ?? (0, 0);
        Address = address;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public bool IsSilo { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public Uri Address { get; }

    public bool HasExited => _process.HasExited;

    public string Describe() => _process.HasExited ? $"exited with {_process.ExitCode}" : "still running";

    public string RecentOutput
    {
        get
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // drains the redirected output
            }

            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>The body of a 200 answer, else null.</summary>
    public async Task<string?> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
    }

    /// <summary>SIGTERM: the host stops the orderly way (grains deactivate, stream queues are handed over), then exits.</summary>
    public void Stop()
    {
        if (!_process.HasExited)
        {
            using var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            signal.WaitForExit();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                Kill();
            }
        }
    }

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > KeptLines)
            {
                _output.Dequeue();
            }
        }
    }
}
