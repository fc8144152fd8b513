using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Spaces.Gateway.Auth;

/// <summary>Bearer-token validation (configuration section "Auth").</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    [Required]
    public string Issuer { get; set; } = "";

    [Required]
    public string Audience { get; set; } = "";

    /// <summary>The HMAC-SHA256 key tokens are signed with: at least 32 bytes.</summary>
    [Required]
    [MinLength(32)]
    public string SigningKey { get; set; } = "";

    /// <summary>Serves <c>POST /v1/dev/token</c>; never on in production.</summary>
    public bool DevTokensEnabled { get; set; }

    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromHours(12);
}

[OptionsValidator]
internal sealed partial class AuthOptionsValidator : IValidateOptions<AuthOptions>;
