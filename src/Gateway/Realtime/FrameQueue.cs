namespace Spaces.Gateway.Realtime;

/// <summary>
/// Frames waiting for one socket, first in first out; a field of <see cref="ClientConnection"/>, used under its lock.
/// Nearly every socket is idle, and a fan-out usually finds its writer idle too, so the first waiting frame lives in
/// a field: an idle socket holds no array, and a lone frame allocates none. Only frames behind it go to a ring that
/// is created when a backlog forms and let go once the queue is empty again.
/// </summary>
internal struct FrameQueue
{
    private const int FirstRingSize = 4;

    private ReadOnlyMemory<byte> _first;
    private ReadOnlyMemory<byte>[]? _ring;
    private int _ringStart;

    public int Count { get; private set; }

    public void Enqueue(ReadOnlyMemory<byte> frame)
    {
        if (Count == 0)
        {
            _first = frame;
        }
        else
        {
            var behind = Count - 1;
            if (_ring is null || behind == _ring.Length)
            {
                GrowRing(behind);
            }

            _ring![(_ringStart + behind) % _ring.Length] = frame;
        }

        Count++;
    }

    /// <summary>Takes the oldest frame; on an empty queue lets the ring go, so an idle socket holds no array.</summary>
    public bool TryDequeue(out ReadOnlyMemory<byte> frame)
    {
        if (Count == 0)
        {
            _ring = null;
            frame = default;
            return false;
        }

        frame = _first;
        Count--;
        if (Count == 0)
        {
            _first = default;
        }
        else
        {
            _first = _ring![_ringStart];
            _ring[_ringStart] = default;
            _ringStart = (_ringStart + 1) % _ring.Length;
        }

        return true;
    }

    public void Clear() => this = new FrameQueue();

    private void GrowRing(int behind)
    {
        var grown = new ReadOnlyMemory<byte>[_ring is null ? FirstRingSize : _ring.Length * 2];
        for (var i = 0; i < behind; i++)
        {
            grown[i] = _ring![(_ringStart + i) % _ring.Length];
        }

        _ring = grown;
        _ringStart = 0;
    }
}
