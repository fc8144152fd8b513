using Spaces.Contracts;

namespace Spaces.Grains.Tickets;

/// <summary>The rules for a ticketed Space's terms: each failure names its field (<c>ticket.price</c>, ...).</summary>
internal static class TicketInput
{
    public static TicketTerms Terms(TicketRequest request, DateTimeOffset now, TicketOptions options)
    {
        var price = request.Price ?? throw Invalid("price", ErrorCodes.InvalidField, "ticket.price is required, in minor units (cents).");
        if (price < options.MinPrice || price > options.MaxPrice)
        {
            throw Invalid("price", ErrorCodes.InvalidField, $"ticket.price must be between {options.MinPrice} and {options.MaxPrice} minor units.");
        }

        var currency = request.Currency?.ToUpperInvariant() ?? throw Invalid("currency", ErrorCodes.InvalidCurrency, "ticket.currency is required (ISO 4217, e.g. \"USD\").");
        if (!Iso4217.IsKnown(currency))
        {
            throw Invalid("currency", ErrorCodes.InvalidCurrency, $"\"{request.Currency}\" is not an ISO 4217 currency code.");
        }

        if (!options.Currencies.Contains(currency, StringComparer.Ordinal))
        {
            throw Invalid("currency", ErrorCodes.InvalidCurrency, $"ticket.currency must be one of {string.Join(", ", options.Currencies)}.");
        }

        var capacity = request.Capacity ?? throw Invalid("capacity", ErrorCodes.InvalidField, "ticket.capacity is required.");
        if (capacity < 1 || capacity > options.MaxCapacity)
        {
            throw Invalid("capacity", ErrorCodes.InvalidField, $"ticket.capacity must be between 1 and {options.MaxCapacity}.");
        }

        if (request.SalesEnd is { } salesEnd && salesEnd <= now)
        {
            throw Invalid("sales_end", ErrorCodes.InvalidField, "ticket.sales_end must be in the future.");
        }

        return new TicketTerms(price, currency, capacity, request.SalesEnd?.ToUniversalTime());
    }

    private static SpacesException Invalid(string field, string code, string message) => SpacesException.Invalid($"ticket.{field}", code, message);
}
