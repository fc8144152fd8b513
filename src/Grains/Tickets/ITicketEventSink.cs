using Spaces.Contracts;

namespace Spaces.Grains.Tickets;

/// <summary>
/// Receives every ticket sale and refund, inside the box office's turn; where the analytics streams hang off.
/// Register implementations in DI; keep them quick (queue, don't call out).
/// </summary>
public interface ITicketEventSink
{
    Task OnTicketEventAsync(TicketEvent ticketEvent);
}
