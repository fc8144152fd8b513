namespace Spaces.Grains;

/// <summary>The grain storage providers the grains ask for; hosts register them (memory, ADO.NET, MongoDB).</summary>
public static class StorageNames
{
    public const string Spaces = "spaces";
}
