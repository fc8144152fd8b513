using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Spaces.Silo;

namespace Spaces.Cluster.Tests.Infrastructure;

/// <summary>
/// Real silos (one <see cref="IHost"/> each, composed by <see cref="SiloHosting.AddSpacesCluster"/> exactly as
/// the silo program does) of one cluster on a fresh PostgreSQL database: started, stopped and replaced at will.
/// Orleans clients connect through the membership table as the gateways do.
/// </summary>
public sealed class SpacesCluster : IAsyncDisposable
{
    private readonly List<IHost> _silos = [];
    private readonly List<IHost> _clients = [];
    private readonly Dictionary<string, string?> _settings;

    private SpacesCluster(TestDatabase database, IReadOnlyDictionary<string, string?> settings)
    {
        Database = database;
        _settings = new Dictionary<string, string?>
        {
            ["Silo:Storage"] = nameof(SpacesStorage.PostgreSql),
            ["Silo:ClusterId"] = "spaces-test",
            ["Silo:ServiceId"] = "spaces-test",
            ["Silo:AdvertisedAddress"] = IPAddress.Loopback.ToString(),
            ["ConnectionStrings:Orleans"] = database.ConnectionString,
            // The hosts run as Production, which refuses LiveKit's public dev credentials.
            ["LiveKit:ApiKey"] = "cluster-test-key",
            ["LiveKit:ApiSecret"] = "cluster-test-secret-" + Guid.NewGuid().ToString("N"),
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
    }

    public TestDatabase Database { get; }

    public string ClusterId => _settings["Silo:ClusterId"]!;

    public string ServiceId => _settings["Silo:ServiceId"]!;

    public IReadOnlyList<IHost> Silos => _silos;

    /// <summary>Grain calls through the first running silo.</summary>
    public IGrainFactory Grains => (_silos.FirstOrDefault() ?? throw new InvalidOperationException("No silo is running."))
        .Services.GetRequiredService<IGrainFactory>();

    /// <param name="settings">Configuration on top of the cluster's own (e.g. "Spaces:ScheduleGrace").</param>
    public static async Task<SpacesCluster> CreateAsync(IReadOnlyDictionary<string, string?>? settings = null) =>
        new(await TestDatabase.CreateAsync(), settings ?? new Dictionary<string, string?>());

    public async Task<IHost> StartSiloAsync()
    {
        var builder = NewBuilder();
        builder.Configuration["Silo:SiloPort"] = Ports.Free().ToString();
        builder.Configuration["Silo:GatewayPort"] = Ports.Free().ToString();
        builder.AddSpacesCluster(silo => silo.Configure<ClusterMembershipOptions>(FastMembership));
        var host = builder.Build();
        await host.StartAsync();
        _silos.Add(host);
        return host;
    }

    /// <summary>Stops a silo the orderly way (it leaves the membership table as Dead).</summary>
    public async Task StopSiloAsync(IHost silo)
    {
        _silos.Remove(silo);
        await StopAsync(silo);
    }

    public async Task StopAllSilosAsync()
    {
        foreach (var silo in _silos.ToList())
        {
            await StopSiloAsync(silo);
        }
    }

    /// <summary>An Orleans client that finds the silos' gateways in the membership table (as a gateway in Client mode does).</summary>
    public async Task<IClusterClient> StartClientAsync()
    {
        var builder = NewBuilder();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = ClusterId;
                cluster.ServiceId = ServiceId;
            });
            client.UseAdoNetClustering(adoNet =>
            {
                adoNet.Invariant = PostgreSqlSchema.Invariant;
                adoNet.ConnectionString = Database.ConnectionString;
            });
        });
        var host = builder.Build();
        await host.StartAsync();
        _clients.Add(host);
        return host.Services.GetRequiredService<IClusterClient>();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _clients.Concat(_silos))
        {
            await StopAsync(host);
        }

        await Database.DisposeAsync();
    }

    private HostApplicationBuilder NewBuilder()
    {
        // Empty: no appsettings.json or environment leaks in; only this cluster's settings.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(_settings);
        if (Environment.GetEnvironmentVariable("SPACES_TEST_LOGS") is { Length: > 0 })
        {
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Information);
        }

        return builder;
    }

    /// <summary>Test-sized membership timings: silos are declared dead and gateways refreshed in seconds, not minutes.</summary>
    private static void FastMembership(ClusterMembershipOptions membership)
    {
        membership.ProbeTimeout = TimeSpan.FromSeconds(2);
        membership.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        membership.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
    }

    private static async Task StopAsync(IHost host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StopAsync(timeout.Token);
        host.Dispose();
    }
}
