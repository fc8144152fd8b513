namespace Spaces.Providers.Tests.Infrastructure;

/// <summary>A grain state as the grains' are: [GenerateSerializer], stored with the Orleans serializer.</summary>
[GenerateSerializer]
public sealed class ContractState
{
    [Id(0)]
    public string Title { get; set; } = string.Empty;

    [Id(1)]
    public List<string> Speakers { get; set; } = [];

    [Id(2)]
    public byte[] Blob { get; set; } = [];
}
