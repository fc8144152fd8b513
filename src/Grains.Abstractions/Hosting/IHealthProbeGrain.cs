namespace Spaces.Contracts;

/// <summary>Readiness probe: proves a silo activates grains and its storage answers.</summary>
public interface IHealthProbeGrain : IGrainWithIntegerKey
{
    Task CheckStorageAsync();
}
