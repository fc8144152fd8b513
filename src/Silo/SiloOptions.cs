namespace Spaces.Silo;

/// <summary>Where this silo listens and which cluster it belongs to (configuration section "Silo").</summary>
public sealed class SiloOptions
{
    public const string Section = "Silo";

    public string ClusterId { get; set; } = "spaces-dev";

    public string ServiceId { get; set; } = "spaces";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;
}
