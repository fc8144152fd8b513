using Microsoft.Extensions.Options;
using Spaces.Contracts;
using Spaces.Grains.Tickets;

namespace Spaces.Grains.Hosting;

/// <summary>Checks each ticket limit's range (generated from the attributes).</summary>
[OptionsValidator]
internal sealed partial class TicketOptionsValidator : IValidateOptions<TicketOptions>;

/// <summary>The rules that tie ticket limits together.</summary>
internal sealed class TicketOptionsConsistency : IValidateOptions<TicketOptions>
{
    public ValidateOptionsResult Validate(string? name, TicketOptions options)
    {
        var failures = new List<string>();
        if (options.MinPrice > options.MaxPrice)
        {
            failures.Add($"{nameof(TicketOptions.MinPrice)} must not exceed {nameof(TicketOptions.MaxPrice)}.");
        }

        if (options.Currencies.FirstOrDefault(c => !Iso4217.IsKnown(c)) is { } unknown)
        {
            failures.Add($"{nameof(TicketOptions.Currencies)}: \"{unknown}\" is not an ISO 4217 currency code.");
        }

        if (options.DefaultBuyersPageSize > options.MaxBuyersPageSize)
        {
            failures.Add($"{nameof(TicketOptions.DefaultBuyersPageSize)} must not exceed {nameof(TicketOptions.MaxBuyersPageSize)}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
