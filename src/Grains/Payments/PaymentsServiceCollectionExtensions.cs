using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Stripe;

namespace Spaces.Grains.Payments;

public static class PaymentsServiceCollectionExtensions
{
    /// <summary>Validated <see cref="PaymentsOptions"/> and the webhook receiver: what a gateway needs to take payment webhooks.</summary>
    public static IServiceCollection AddPaymentWebhooks(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<PaymentsOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaymentsOptions>, PaymentsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaymentsOptions>, StripeKeysRequired>());
        services.TryAddSingleton<PaymentWebhookReceiver>();
        return services;
    }

    /// <summary>The payment port for the grains: the embedded provider, or Stripe when configuration says so.</summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration section)
    {
        services.AddPaymentWebhooks(section);
        services.TryAddSingleton<EmbeddedPaymentProvider>();
        services.TryAddSingleton<IStripeClient>(sp => new StripeClient(sp.GetRequiredService<IOptions<PaymentsOptions>>().Value.Stripe.SecretKey));
        services.TryAddSingleton<StripePaymentProvider>();
        services.TryAddSingleton<IPaymentProvider>(sp => sp.GetRequiredService<IOptions<PaymentsOptions>>().Value.Provider switch
        {
            PaymentProviderKind.Stripe => sp.GetRequiredService<StripePaymentProvider>(),
            _ => sp.GetRequiredService<EmbeddedPaymentProvider>(),
        });
        return services;
    }
}
