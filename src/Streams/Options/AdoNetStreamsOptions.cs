using System.ComponentModel.DataAnnotations;

namespace Spaces.Streams;

/// <summary>
/// The <see cref="StreamsProvider.AdoNet"/> provider's settings ("Silo:Streams:AdoNet", "Gateway:Streams:AdoNet"):
/// Orleans' ADO.NET streams on PostgreSQL, the queues in the tables of deploy/postgresql/40-streaming.sql.
/// </summary>
public sealed class AdoNetStreamsOptions
{
    /// <summary>
    /// The PostgreSQL database of the queues. Required on clients; a silo with an empty one uses its cluster's
    /// (ConnectionStrings:Orleans).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How many queues carry the streams; each is read by one silo's pulling agent at a time. Silos and clients must
    /// agree (a stream's queue is a hash of its id over this count).
    /// </summary>
    [Range(1, 64)]
    public int Queues { get; set; } = 8;

    /// <summary>Deliveries of one message before it goes to the dead letters.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// How long a batch a silo took stays hidden from the others: after a silo crash its undelivered batch is
    /// delivered again this long after it was taken (an orderly stop hands it back at once).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A message not delivered within this time (every silo down, say) goes to the dead letters.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan ExpiryTimeout { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long dead letters are kept for inspection (table OrleansStreamDeadLetter) before they are deleted.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan DeadLetterRetention { get; set; } = TimeSpan.FromDays(7);
}
