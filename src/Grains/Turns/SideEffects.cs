using System.Runtime.ExceptionServices;

namespace Spaces.Grains.Turns;

/// <summary>
/// What one grain turn lets out into the world — LiveKit room operations, events to gateways and sinks,
/// notifications, discovery listings, ticket and payment follow-ups — held back until the state they follow is
/// stored (architecture rule 5), then released in the order the turn produced them.
/// </summary>
internal sealed class SideEffects
{
    private List<Func<Task>> _held = [];

    public int Count => _held.Count;

    public void Add(Action effect) => _held.Add(() =>
    {
        effect();
        return Task.CompletedTask;
    });

    public void Add(Func<Task> effect) => _held.Add(effect);

    /// <summary>
    /// Runs the held effects in order. The state they follow is stored, so a failing effect does not stop the
    /// ones after it; the first failure is rethrown at the end, so the caller learns a follow-up needs a retry.
    /// </summary>
    public async Task ReleaseAsync()
    {
        ExceptionDispatchInfo? firstFailure = null;
        while (_held.Count > 0)
        {
            // Effects that add effects (a delivery that needs another) join the next round, still in order.
            var batch = _held;
            _held = [];
            foreach (var effect in batch)
            {
                try
                {
                    await effect();
                }
                catch (Exception e)
                {
                    firstFailure ??= ExceptionDispatchInfo.Capture(e);
                }
            }
        }

        firstFailure?.Throw();
    }

    /// <summary>Drops the held effects: the change they followed was not stored. Returns how many were dropped.</summary>
    public int Discard()
    {
        var dropped = _held.Count;
        _held = [];
        return dropped;
    }
}
