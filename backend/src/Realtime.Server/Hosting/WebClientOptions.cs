namespace Realtime.Server.Hosting;

/// <summary>The browser app, bound from "WebClient".</summary>
public sealed class WebClientOptions
{
    public const string SectionName = "WebClient";

    /// <summary>
    /// Folder of the built app (default empty: the first "web-client/dist" found walking up from the
    /// content root, as in a clone of the repository).
    /// </summary>
    public string Path { get; set; } = "";

    /// <summary>Origins allowed to call the server from a browser (default: the Vite dev server).</summary>
    public string[] AllowedOrigins { get; set; } = ["http://localhost:5173", "http://127.0.0.1:5173"];
}
