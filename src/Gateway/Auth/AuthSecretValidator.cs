using Microsoft.Extensions.Options;
using Spaces.Grains.Hosting;

namespace Spaces.Gateway.Auth;

/// <summary>Outside Development the token signing key may not be a sample from this repository nor shorter than 32 bytes.</summary>
internal sealed class AuthSecretValidator(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options) =>
        !environment.IsDevelopment() && PublishedSecrets.Refusal($"{AuthOptions.Section}:SigningKey", options.SigningKey) is { } refusal
            ? ValidateOptionsResult.Fail(refusal)
            : ValidateOptionsResult.Success;
}
