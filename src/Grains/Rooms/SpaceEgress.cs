using Spaces.Contracts;

namespace Spaces.Grains.Rooms;

/// <summary>
/// The egresses a Space runs, stored with it: the HLS stream for listeners beyond the WebRTC seats, and the file of
/// its recording. Ids from 0 on; a slot's own fields say what the Space wants and what runs.
/// </summary>
[GenerateSerializer]
public sealed class SpaceEgress
{
    [Id(0)] public EgressSlot Hls { get; set; } = new();

    /// <summary>The recording's file (<see cref="SpaceRecord.Recording"/> says how far it is).</summary>
    [Id(1)] public EgressSlot File { get; set; } = new();

    public EgressSlot this[EgressKind kind] => kind switch
    {
        EgressKind.Hls => Hls,
        EgressKind.File => File,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "This Space runs no egress of that kind."),
    };

    public IEnumerable<(EgressKind Kind, EgressSlot Slot)> Slots => [(EgressKind.Hls, Hls), (EgressKind.File, File)];
}

/// <summary>One egress of a Space: wanted or not, and the one LiveKit runs for it (at most one at a time).</summary>
[GenerateSerializer]
public sealed class EgressSlot
{
    /// <summary>The Space wants this egress running until it ends (HLS: from the first overflow listener, or from go-live when a big audience is expected).</summary>
    [Id(0)] public bool Wanted { get; set; }

    /// <summary>The egress LiveKit runs for this slot; null while none runs (yet).</summary>
    [Id(1)] public string? EgressId { get; set; }

    /// <summary>Egresses that ended unexpectedly and were started again.</summary>
    [Id(2)] public int Restarts { get; set; }
}

/// <summary>
/// Soft state beside a stored <see cref="EgressSlot"/>: a start sent and not answered yet, and after a refusal the time
/// before which none is sent again. Lost with the activation on purpose: a restarted Space sends the start again, and
/// a duplicate that the lost one started is stopped when its id arrives.
/// </summary>
internal sealed class EgressStarts
{
    private readonly HashSet<EgressKind> _inFlight = [];
    private readonly Dictionary<EgressKind, DateTimeOffset> _retryAfter = [];

    /// <summary>Wanted, nothing runs, nothing is starting and no refusal holds it back: a start is due.</summary>
    public bool Due(EgressKind kind, EgressSlot slot, DateTimeOffset now) =>
        slot.Wanted && slot.EgressId is null && !_inFlight.Contains(kind) && now >= _retryAfter.GetValueOrDefault(kind);

    public void Sent(EgressKind kind) => _inFlight.Add(kind);

    /// <summary>A start was sent and LiveKit has not answered it yet.</summary>
    public bool InFlight(EgressKind kind) => _inFlight.Contains(kind);

    public void Answered(EgressKind kind) => _inFlight.Remove(kind);

    public void Refused(EgressKind kind, DateTimeOffset retryAfter)
    {
        _inFlight.Remove(kind);
        _retryAfter[kind] = retryAfter;
    }
}
