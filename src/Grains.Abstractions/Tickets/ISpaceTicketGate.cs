namespace Spaces.Contracts;

/// <summary>The side of a ticketed Space the box office talks to: who may join because they paid.</summary>
public interface ISpaceTicketGate : IGrainWithStringKey
{
    Task AdmitTicketHolderAsync(string userId, string ticketId);

    /// <summary>The ticket was refunded: its holder loses access and leaves the room if present.</summary>
    Task RevokeTicketHolderAsync(string userId, string ticketId);
}
