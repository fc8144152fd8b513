namespace Spaces.Gateway.Hosting;

/// <summary>
/// The launch profile asks for Development through <see cref="DefaultVariable"/> rather than
/// ASPNETCORE_ENVIRONMENT, so an environment the user set (variable or <c>--environment</c>) always wins.
/// </summary>
public static class GatewayEnvironment
{
    public const string DefaultVariable = "SPACES_DEFAULT_ENVIRONMENT";

    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args,
        EnvironmentName = UserChoseEnvironment(args) ? null : Environment.GetEnvironmentVariable(DefaultVariable),
    };

    private static bool UserChoseEnvironment(string[] args) =>
        Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 }
        || Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") is { Length: > 0 }
        || args.Any(arg => arg.StartsWith("--environment", StringComparison.OrdinalIgnoreCase) || arg.StartsWith("/environment", StringComparison.OrdinalIgnoreCase));
}
