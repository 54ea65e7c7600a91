namespace Realtime.LoadTests.Cli;

/// <summary>The repository the tool runs in, for the commands that start servers or a cluster from it.</summary>
public static class Repository
{
    /// <summary>The folder at or above the working directory that holds infra/local-cluster.sh.</summary>
    public static string Root()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "infra", "local-cluster.sh")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Run this command from inside the repository (it starts servers from their build output there).");
    }
}
