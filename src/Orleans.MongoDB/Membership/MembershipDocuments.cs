using MongoDB.Bson;
using Orleans;
using Orleans.Runtime;

namespace Spaces.MongoDB.Membership;

/// <summary>
/// The BSON shape of a cluster's membership: one document per cluster,
/// <c>{_id: clusterId, Version, VersionEtag, Members: {"&lt;silo key&gt;": {…, Etag}}}</c>. One document makes every
/// table change a single-document write, atomic without transactions or a replica set.
/// </summary>
internal static class MembershipDocuments
{
    public const string VersionField = "Version";
    public const string VersionEtagField = "VersionEtag";
    public const string MembersField = "Members";
    public const string EtagField = "Etag";
    public const string IAmAliveTimeField = "IAmAliveTime";
    public const string StatusField = "Status";

    /// <summary>A field name for a silo: its parsable address with '.' replaced, since MongoDB reads dots in update paths as nesting.</summary>
    public static string MemberKey(SiloAddress silo) => silo.ToParsableString().Replace('.', '_');

    /// <summary>The dotted path of one member's field (or of the member itself when <paramref name="field"/> is null).</summary>
    public static string MemberPath(SiloAddress silo, string? field = null) =>
        field is null ? $"{MembersField}.{MemberKey(silo)}" : $"{MembersField}.{MemberKey(silo)}.{field}";

    public static string NewEtag() => Guid.NewGuid().ToString("N");

    public static BsonDocument ToBson(MembershipEntry entry, string etag) => new()
    {
        { "SiloAddress", entry.SiloAddress.ToParsableString() },
        { StatusField, (int)entry.Status },
        { "SiloName", entry.SiloName ?? string.Empty },
        { "HostName", entry.HostName ?? string.Empty },
        { "ProxyPort", entry.ProxyPort },
        { "RoleName", (BsonValue?)entry.RoleName ?? BsonNull.Value },
        { "UpdateZone", entry.UpdateZone },
        { "FaultZone", entry.FaultZone },
        { "StartTime", new BsonDateTime(Utc(entry.StartTime)) },
        { IAmAliveTimeField, new BsonDateTime(Utc(entry.IAmAliveTime)) },
        {
            "SuspectTimes", new BsonArray((entry.SuspectTimes ?? []).Select(vote => new BsonDocument
            {
                { "Silo", vote.Item1.ToParsableString() },
                { "At", new BsonDateTime(Utc(vote.Item2)) },
            }))
        },
        { EtagField, etag },
    };

    public static Tuple<MembershipEntry, string> FromBson(BsonDocument member)
    {
        var entry = new MembershipEntry
        {
            SiloAddress = SiloAddress.FromParsableString(member["SiloAddress"].AsString),
            Status = (SiloStatus)member[StatusField].ToInt32(),
            SiloName = member["SiloName"].AsString,
            HostName = member["HostName"].AsString,
            ProxyPort = member["ProxyPort"].ToInt32(),
            RoleName = member.GetValue("RoleName", BsonNull.Value) is { IsString: true } role ? role.AsString : null,
            UpdateZone = member.GetValue("UpdateZone", 0).ToInt32(),
            FaultZone = member.GetValue("FaultZone", 0).ToInt32(),
            StartTime = member["StartTime"].ToUniversalTime(),
            IAmAliveTime = member[IAmAliveTimeField].ToUniversalTime(),
        };
        if (member.GetValue("SuspectTimes", BsonNull.Value) is BsonArray { Count: > 0 } votes)
        {
            entry.SuspectTimes = votes.Select(vote => Tuple.Create(
                SiloAddress.FromParsableString(vote["Silo"].AsString), vote["At"].ToUniversalTime())).ToList();
        }

        return Tuple.Create(entry, member[EtagField].AsString);
    }

    /// <summary>The table a cluster document holds; a cluster without a document has the empty table of version 0.</summary>
    public static MembershipTableData ToTable(BsonDocument? cluster, Func<BsonDocument, bool>? include = null)
    {
        if (cluster is null)
        {
            return new MembershipTableData(new TableVersion(0, string.Empty));
        }

        var version = new TableVersion(cluster[VersionField].ToInt32(), cluster[VersionEtagField].AsString);
        var members = cluster.GetValue(MembersField, new BsonDocument()).AsBsonDocument.Elements
            .Select(element => element.Value.AsBsonDocument)
            .Where(member => include?.Invoke(member) ?? true)
            .Select(FromBson)
            .ToList();
        return new MembershipTableData(members, version);
    }

    private static DateTime Utc(DateTime time) => time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime();
}
