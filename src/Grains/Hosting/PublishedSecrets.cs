using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Spaces.LiveKit;

namespace Spaces.Grains.Hosting;

/// <summary>
/// Secrets anyone can read — LiveKit's dev-server credentials and the samples in this repository — and the
/// minimum length of a real one. Outside Development a host refuses to start with any of them.
/// </summary>
public static class PublishedSecrets
{
    /// <summary>HMAC-SHA256 keys shorter than this can be brute-forced offline from one signed token.</summary>
    public const int MinSecretBytes = 32;

    /// <summary>LiveKit's <c>--dev</c> key and secret.</summary>
    public const string LiveKitDevKey = "devkey";

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "secret",
        LiveKitDevKey,
        "spaces-development-signing-key-not-for-production-use",
        "change-me-to-a-long-random-secret-0123456789",
    };

    /// <summary>Why <paramref name="secret"/> may not guard production, naming <paramref name="setting"/>; null when it may.</summary>
    public static string? Refusal(string setting, string? secret) =>
        string.IsNullOrEmpty(secret) ? null
        : Known.Contains(secret) ? $"{setting} is a published sample secret; set a random secret of at least {MinSecretBytes} bytes."
        : Encoding.UTF8.GetByteCount(secret) < MinSecretBytes ? $"{setting} must be at least {MinSecretBytes} bytes outside Development."
        : null;

    /// <summary>Refuses LiveKit's dev credentials and weak secrets outside Development (gateway and silo alike).</summary>
    public static IServiceCollection AddLiveKitCredentialChecks(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LiveKitOptions>, LiveKitCredentialsValidator>());
        return services;
    }
}

/// <summary>Outside Development, LiveKit's public dev key and any weak or sample secret stop the host at start.</summary>
internal sealed class LiveKitCredentialsValidator(IHostEnvironment environment) : IValidateOptions<LiveKitOptions>
{
    public ValidateOptionsResult Validate(string? name, LiveKitOptions options)
    {
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        const string Section = LiveKitOptions.SectionName;
        var failures = new List<string>();
        if (options.ApiKey == PublishedSecrets.LiveKitDevKey)
        {
            failures.Add($"{Section}:ApiKey is LiveKit's public development key; set the key of your LiveKit server.");
        }

        if (PublishedSecrets.Refusal($"{Section}:ApiSecret", options.ApiSecret) is { } refusal)
        {
            failures.Add(refusal);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
