using System.Net;
using Spaces.Providers.Tests.Infrastructure;

namespace Spaces.Providers.Tests.Contracts;

/// <summary>
/// What Orleans needs from a membership table and a gateway list, written once and run against every backend
/// (the concrete classes at the end). Each test works on a cluster of its own.
/// </summary>
public abstract class MembershipContract(ProviderBackend backend)
{
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    [BackendFact]
    public async Task A_new_table_is_empty()
    {
        var (table, _) = await NewClusterAsync();

        var all = await table.ReadAllAsync(CancellationToken.None);

        Assert.Empty(all.Members);
    }

    [BackendFact]
    public async Task An_inserted_silo_reads_back_whole_by_itself_and_among_all()
    {
        var (table, _) = await NewClusterAsync();
        var version = (await table.ReadAllAsync(CancellationToken.None)).Version;
        var silo = Entry(port: 11111, SiloStatus.Joining);

        Assert.True(await table.InsertRowAsync(silo, version.Next(), CancellationToken.None));

        var row = await table.ReadRowAsync(silo.SiloAddress, CancellationToken.None);
        var all = await table.ReadAllAsync(CancellationToken.None);
        AssertSame(silo, Assert.Single(row.Members).Item1);
        AssertSame(silo, Assert.Single(all.Members).Item1);
        Assert.Equal(version.Version + 1, all.Version.Version);
        Assert.NotEqual(version.VersionEtag, all.Version.VersionEtag);
    }

    [BackendFact]
    public async Task An_insert_at_a_stale_table_version_or_of_a_known_silo_changes_nothing()
    {
        var (table, _) = await NewClusterAsync();
        var stale = (await table.ReadAllAsync(CancellationToken.None)).Version;
        var first = Entry(port: 11111, SiloStatus.Joining);
        Assert.True(await table.InsertRowAsync(first, stale.Next(), CancellationToken.None));
        var current = (await table.ReadAllAsync(CancellationToken.None)).Version;

        Assert.False(await table.InsertRowAsync(Entry(port: 11112, SiloStatus.Joining), stale.Next(), CancellationToken.None));
        Assert.False(await table.InsertRowAsync(first, current.Next(), CancellationToken.None));

        var all = await table.ReadAllAsync(CancellationToken.None);
        Assert.Single(all.Members);
        Assert.Equal(current, all.Version);
    }

    [BackendFact]
    public async Task Racing_inserts_at_one_table_version_admit_exactly_one_silo()
    {
        var (table, _) = await NewClusterAsync();
        var version = (await table.ReadAllAsync(CancellationToken.None)).Version;

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => table.InsertRowAsync(Entry(port: 12000 + i, SiloStatus.Joining), version.Next(), CancellationToken.None)));

        Assert.Single(results, won => won);
        Assert.Single((await table.ReadAllAsync(CancellationToken.None)).Members);
    }

    [BackendFact]
    public async Task An_update_with_the_etags_read_succeeds_and_a_stale_one_fails()
    {
        var (table, _) = await NewClusterAsync();
        var silo = Entry(port: 11111, SiloStatus.Joining);
        Assert.True(await InsertAtCurrentVersionAsync(table, silo));
        var read = await table.ReadRowAsync(silo.SiloAddress, CancellationToken.None);
        var (_, etag) = Assert.Single(read.Members);

        silo.Status = SiloStatus.Active;
        silo.AddOrUpdateSuspector(SiloAddress.New(IPAddress.Loopback, 9999, 1), Now, maxVotes: 2);
        Assert.True(await table.UpdateRowAsync(silo, etag, read.Version.Next(), CancellationToken.None));
        silo.Status = SiloStatus.Dead;
        Assert.False(await table.UpdateRowAsync(silo, etag, read.Version.Next(), CancellationToken.None));

        var stored = Assert.Single((await table.ReadAllAsync(CancellationToken.None)).Members).Item1;
        Assert.Equal(SiloStatus.Active, stored.Status);
        var vote = Assert.Single(stored.SuspectTimes!);
        Assert.Equal(9999, vote.Item1.Endpoint.Port);
        Assert.Equal(Now, vote.Item2.ToUniversalTime());
    }

    [BackendFact]
    public async Task An_update_of_an_unknown_silo_fails()
    {
        var (table, _) = await NewClusterAsync();
        var version = (await table.ReadAllAsync(CancellationToken.None)).Version;

        Assert.False(await table.UpdateRowAsync(Entry(port: 11111, SiloStatus.Active), "0", version.Next(), CancellationToken.None));
        Assert.Empty((await table.ReadAllAsync(CancellationToken.None)).Members);
    }

    [BackendFact]
    public async Task A_heartbeat_moves_only_the_alive_time_and_leaves_what_was_read_usable()
    {
        var (table, _) = await NewClusterAsync();
        var silo = Entry(port: 11111, SiloStatus.Active);
        Assert.True(await InsertAtCurrentVersionAsync(table, silo));
        var read = await table.ReadRowAsync(silo.SiloAddress, CancellationToken.None);
        var (_, etag) = Assert.Single(read.Members);

        silo.IAmAliveTime = Now.AddMinutes(5);
        await table.UpdateIAmAliveAsync(silo, CancellationToken.None);

        var afterHeartbeat = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(read.Version, afterHeartbeat.Version);
        Assert.Equal(Now.AddMinutes(5), Assert.Single(afterHeartbeat.Members).Item1.IAmAliveTime.ToUniversalTime());
        silo.Status = SiloStatus.ShuttingDown;
        Assert.True(await table.UpdateRowAsync(silo, etag, read.Version.Next(), CancellationToken.None));
    }

    [BackendFact]
    public async Task Clean_up_removes_only_silos_dead_since_before_the_date()
    {
        var (table, _) = await NewClusterAsync();
        var longDead = Entry(port: 11111, SiloStatus.Dead, aliveAt: Now.AddDays(-2));
        var recentlyDead = Entry(port: 11112, SiloStatus.Dead, aliveAt: Now);
        var quietButActive = Entry(port: 11113, SiloStatus.Active, aliveAt: Now.AddDays(-2));
        foreach (var silo in new[] { longDead, recentlyDead, quietButActive })
        {
            Assert.True(await InsertAtCurrentVersionAsync(table, silo));
        }

        await table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(Now.AddDays(-1)), CancellationToken.None);

        var ports = (await table.ReadAllAsync(CancellationToken.None)).Members.Select(m => m.Item1.SiloAddress.Endpoint.Port).Order();
        Assert.Equal([11112, 11113], ports);
    }

    [BackendFact]
    public async Task The_gateway_list_holds_the_active_silos_gateways()
    {
        var (table, gateways) = await NewClusterAsync();
        var active = Entry(port: 11111, SiloStatus.Active, proxyPort: 30000);
        foreach (var silo in new[] { active, Entry(port: 11112, SiloStatus.Joining, proxyPort: 30001), Entry(port: 11113, SiloStatus.Dead, proxyPort: 30002) })
        {
            Assert.True(await InsertAtCurrentVersionAsync(table, silo));
        }

        await gateways.InitializeGatewayListProviderAsync(CancellationToken.None);
        var uris = await gateways.GetGatewaysAsync(CancellationToken.None);

        var gateway = Assert.Single(uris);
        Assert.Equal(SiloAddress.New(IPAddress.Loopback, 30000, active.SiloAddress.Generation).ToGatewayUri(), gateway);
    }

    [BackendFact]
    public async Task Deleting_the_cluster_empties_its_table()
    {
        var clusterId = $"cluster-{Guid.NewGuid():N}";
        var (table, _) = await NewClusterAsync(clusterId);
        Assert.True(await InsertAtCurrentVersionAsync(table, Entry(port: 11111, SiloStatus.Active)));

        await table.DeleteMembershipTableEntriesAsync(clusterId, CancellationToken.None);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true, CancellationToken.None);

        Assert.Empty((await table.ReadAllAsync(CancellationToken.None)).Members);
    }

    private static async Task<bool> InsertAtCurrentVersionAsync(IMembershipTable table, MembershipEntry entry) =>
        await table.InsertRowAsync(entry, (await table.ReadAllAsync(CancellationToken.None)).Version.Next(), CancellationToken.None);

    private async Task<ClusterTables> NewClusterAsync(string? clusterId = null)
    {
        var tables = backend.NewCluster(clusterId ?? $"cluster-{Guid.NewGuid():N}");
        await tables.Membership.InitializeMembershipTableAsync(tryInitTableVersion: true, CancellationToken.None);
        return tables;
    }

    private static MembershipEntry Entry(int port, SiloStatus status, int proxyPort = 0, DateTime? aliveAt = null) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, 42),
        Status = status,
        ProxyPort = proxyPort,
        HostName = "host-a",
        SiloName = $"silo-{port}",
        StartTime = (aliveAt ?? Now).AddMinutes(-1),
        IAmAliveTime = aliveAt ?? Now,
    };

    private static void AssertSame(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected.SiloAddress, actual.SiloAddress);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.ProxyPort, actual.ProxyPort);
        Assert.Equal(expected.HostName, actual.HostName);
        Assert.Equal(expected.SiloName, actual.SiloName);
        Assert.Equal(expected.StartTime, actual.StartTime.ToUniversalTime());
        Assert.Equal(expected.IAmAliveTime, actual.IAmAliveTime.ToUniversalTime());
    }
}

public sealed class MemoryMembershipContract(MemoryBackend backend) : MembershipContract(backend), IClassFixture<MemoryBackend>;

public sealed class PostgreSqlMembershipContract(PostgreSqlBackend backend) : MembershipContract(backend), IClassFixture<PostgreSqlBackend>;

[RequiresMongoDB]
public sealed class MongoMembershipContract(MongoBackend backend) : MembershipContract(backend), IClassFixture<MongoBackend>;
