using Microsoft.Extensions.Options;

namespace Spaces.Grains.Payments;

/// <summary>Checks the ranges (generated from the attributes).</summary>
[OptionsValidator]
internal sealed partial class PaymentsOptionsValidator : IValidateOptions<PaymentsOptions>;

/// <summary>Stripe needs its keys at start, not at the first purchase.</summary>
internal sealed class StripeKeysRequired : IValidateOptions<PaymentsOptions>
{
    public ValidateOptionsResult Validate(string? name, PaymentsOptions options)
    {
        if (options.Provider != PaymentProviderKind.Stripe)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (!options.Stripe.SecretKey.StartsWith("sk_", StringComparison.Ordinal) && !options.Stripe.SecretKey.StartsWith("rk_", StringComparison.Ordinal))
        {
            failures.Add("Payments:Stripe:SecretKey must be a Stripe secret key (sk_…) or restricted key (rk_…) when Payments:Provider is Stripe.");
        }

        if (!options.WebhookSecret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            failures.Add("Payments:WebhookSecret must be the Stripe endpoint's signing secret (whsec_…) when Payments:Provider is Stripe.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
