namespace Spaces.Gateway.Tests.Infrastructure;

/// <summary>One gateway for the whole HTTP suite: every test uses fresh user ids, so tests never see each other's data.</summary>
[CollectionDefinition(Name)]
public sealed class SharedGatewayCollection : ICollectionFixture<GatewayHost>
{
    public const string Name = "gateway";
}
