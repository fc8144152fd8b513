using Spaces.Gateway.Hosting;

var builder = WebApplication.CreateBuilder(GatewayEnvironment.Options(args));
builder.AddSpacesGateway();

var app = builder.Build();
app.MapSpacesGateway();
app.LogStartupBanner();
app.Run();

/// <summary>The gateway's entry point; public so tests can host it.</summary>
public partial class Program;
