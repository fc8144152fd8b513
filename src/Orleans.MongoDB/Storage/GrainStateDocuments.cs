using MongoDB.Bson;
using Orleans.Runtime;

namespace Spaces.MongoDB.Storage;

/// <summary>
/// The BSON shape of one grain's state: <c>{_id, _etag, _doc, ServiceId, StateName, GrainType, GrainId, UpdatedAt}</c>.
/// <c>_doc</c> holds the Orleans-serialized state (binary, version-tolerant like the grains' wire format); the other
/// fields are there for people and for queries, never read back into the state.
/// </summary>
internal static class GrainStateDocuments
{
    public const string Etag = "_etag";
    public const string Payload = "_doc";

    /// <summary>MongoDB refuses documents larger than this (16 MiB), whole document included.</summary>
    public const int MaxDocumentBytes = 16 * 1024 * 1024;

    /// <summary>Unique per service, state name and grain: several services can share one collection.</summary>
    public static string Id(string serviceId, string stateName, GrainId grainId) => $"{serviceId}/{stateName}/{grainId}";

    public static BsonDocument Create(string serviceId, string stateName, GrainId grainId, string etag, ReadOnlyMemory<byte> payload, DateTime updatedAt)
    {
        var document = new BsonDocument
        {
            { "_id", Id(serviceId, stateName, grainId) },
            { Etag, etag },
            { Payload, new BsonBinaryData(payload.ToArray(), BsonBinarySubType.Binary) },
            { "ServiceId", serviceId },
            { "StateName", stateName },
            { "GrainType", grainId.Type.ToString() },
            { "GrainId", grainId.ToString() },
            { "UpdatedAt", new BsonDateTime(updatedAt) },
        };
        var size = document.ToBson().Length;
        if (size > MaxDocumentBytes)
        {
            throw new GrainStateTooLargeException(stateName, grainId, size);
        }

        return document;
    }

    public static ReadOnlyMemory<byte> ReadPayload(BsonDocument document) => document[Payload].AsBsonBinaryData.Bytes;
}

/// <summary>A grain's state does not fit in one MongoDB document; nothing was written.</summary>
public sealed class GrainStateTooLargeException(string stateName, GrainId grainId, int bytes)
    : Exception($"The state '{stateName}' of grain {grainId} is {bytes:N0} bytes as a MongoDB document; MongoDB stores at most " +
                $"{GrainStateDocuments.MaxDocumentBytes:N0} bytes per document. Nothing was written; keep this state smaller.")
{
    public GrainId GrainId { get; } = grainId;

    public string StateName { get; } = stateName;

    public int Bytes { get; } = bytes;
}
