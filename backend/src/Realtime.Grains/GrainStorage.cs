namespace Realtime.Grains;

public static class GrainStorage
{
    /// <summary>The grain storage provider for the small metadata of rooms, documents and directories.</summary>
    public const string Name = "realtime";
}
