using System.Collections.Concurrent;
using Spaces.Grains.Tickets;

namespace Spaces.Grains.Tests.Infrastructure;

/// <summary>The analytics side played by the test: a <see cref="ITicketEventSink"/> keeping every ticket event.</summary>
public sealed class TicketEventRecorder : ITicketEventSink
{
    private readonly ConcurrentQueue<TicketEvent> _events = new();

    public Task OnTicketEventAsync(TicketEvent ticketEvent)
    {
        _events.Enqueue(ticketEvent);
        return Task.CompletedTask;
    }

    public IReadOnlyList<TicketEvent> Of(string spaceId) => [.. _events.Where(e => e.SpaceId == spaceId)];
}
