using System.Net;
using Spaces.Gateway.Tests.Infrastructure;

namespace Spaces.Gateway.Tests;

[Collection(SharedGatewayCollection.Name)]
public sealed class SmokeTests(GatewayHost host)
{
    [Fact]
    public async Task Ready_once_the_silo_and_storage_answer()
    {
        var ready = await Api.ExpectAsync(await host.Api.Http.GetAsync("/health/ready"), HttpStatusCode.OK);
        Assert.Equal("healthy", ready["status"]!.GetValue<string>());
    }
}
