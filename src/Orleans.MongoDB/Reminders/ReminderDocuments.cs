using MongoDB.Bson;
using Orleans;
using Orleans.Runtime;

namespace Spaces.MongoDB.Reminders;

/// <summary>
/// The BSON shape of one reminder: <c>{_id, ServiceId, GrainId, ReminderName, GrainHash, StartAt, Period, Etag}</c>.
/// <c>GrainHash</c> is the grain's uniform hash as a long (BSON has no unsigned int), so ring ranges compare as numbers.
/// </summary>
internal static class ReminderDocuments
{
    public const string ServiceIdField = "ServiceId";
    public const string GrainIdField = "GrainId";
    public const string GrainHashField = "GrainHash";
    public const string EtagField = "Etag";

    public static string Id(string serviceId, GrainId grainId, string reminderName) => $"{serviceId}/{grainId}/{reminderName}";

    public static BsonDocument ToBson(string serviceId, ReminderEntry entry, string etag) => new()
    {
        { "_id", Id(serviceId, entry.GrainId, entry.ReminderName) },
        { ServiceIdField, serviceId },
        { GrainIdField, entry.GrainId.ToString() },
        { "ReminderName", entry.ReminderName },
        { GrainHashField, (long)entry.GrainId.GetUniformHashCode() },
        { "StartAt", new BsonDateTime(DateTime.SpecifyKind(entry.StartAt, DateTimeKind.Utc)) },
        { "Period", entry.Period.Ticks },
        { EtagField, etag },
    };

    /// <summary>Throws on a document that is not a reminder (a field missing or of the wrong type).</summary>
    public static ReminderEntry FromBson(BsonDocument document) => new()
    {
        GrainId = GrainId.Parse(document[GrainIdField].AsString),
        ReminderName = document["ReminderName"].AsString,
        StartAt = document["StartAt"].ToUniversalTime(),
        Period = TimeSpan.FromTicks(document["Period"].AsInt64),
        ETag = document[EtagField].AsString,
    };
}
