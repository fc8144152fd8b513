using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spaces.Contracts;
using Spaces.Grains.Tickets;

namespace Spaces.Grains.Rooms;

/// <summary>
/// The ticket side of a Space: its terms (persisted in <see cref="SpaceRecord.Ticket"/>), the join gate, and the
/// paid holders as soft state, told by the tickets on each sale and refund and loaded from the box office on
/// activation (bounded by capacity; never persisted here, architecture rule 1).
/// </summary>
internal sealed partial class SpaceGrain : ISpaceTicketGate
{
    // Buyer → ticket: a refund revokes only the ticket it names, so a late revoke never undoes a newer purchase.
    private readonly Dictionary<string, string> _ticketHolders = new(StringComparer.Ordinal);

    private IBoxOfficeGrain BoxOffice => GrainFactory.GetGrain<IBoxOfficeGrain>(SpaceId);

    public Task AdmitTicketHolderAsync(string userId, string ticketId)
    {
        _ticketHolders[userId] = ticketId;
        return Task.CompletedTask;
    }

    public async Task RevokeTicketHolderAsync(string userId, string ticketId)
    {
        if (!_ticketHolders.TryGetValue(userId, out var held) || held != ticketId)
        {
            return;
        }

        _ticketHolders.Remove(userId);
        if (Space.State == SpaceState.Live && _audience.Contains(userId))
        {
            _media.RemoveParticipant(SpaceId, userId);
            await ExitAsync(userId);
        }
    }

    /// <summary>The validated terms of a Space created ticketed; null for a free Space.</summary>
    private TicketTerms? TicketTermsOf(TicketRequest? request, DateTimeOffset now) =>
        request is null ? null : TicketInput.Terms(request, now, ServiceProvider.GetRequiredService<IOptions<TicketOptions>>().Value);

    private Task OpenBoxOfficeAsync() => Space.Ticket is { } terms ? BoxOffice.OpenAsync(Space.CreatorId, terms) : Task.CompletedTask;

    private async Task LoadTicketHoldersAsync()
    {
        if (Space.Ticket is null)
        {
            return;
        }

        foreach (var (userId, ticketId) in await BoxOffice.GetHoldersAsync())
        {
            _ticketHolders[userId] = ticketId;
        }
    }

    /// <summary>Who may join a ticketed Space: paid holders, and whoever the host put on (or invited to) the stage.</summary>
    private bool MayEnter(string userId) =>
        Space.Ticket is null || _ticketHolders.ContainsKey(userId) || StageRole(userId) is not null || Space.Invited.Contains(userId);

    private void EnsureMayEnter(string userId)
    {
        if (!MayEnter(userId))
        {
            throw SpacesException.Forbidden(ErrorCodes.TicketRequired, "This Space is ticketed: buy a ticket to join.");
        }
    }

    private Task CloseTicketSalesAsync() => Space.Ticket is null ? Task.CompletedTask : BoxOffice.CloseSalesAsync();

    /// <summary>Refunds every ticket of a canceled Space. Whatever cancels a Space (the host, the schedule grace) calls this after committing.</summary>
    private async Task RefundAllTicketsAsync()
    {
        if (Space.Ticket is null)
        {
            return;
        }

        await BoxOffice.RefundAllAsync();
        _ticketHolders.Clear();
    }

    private TicketView? TicketSummary() =>
        Space.Ticket is { } terms ? new TicketView(terms.Price, terms.Currency, terms.Capacity, _ticketHolders.Count) : null;
}
