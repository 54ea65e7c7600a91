namespace Realtime.Cli;

/// <summary>What the terminal chat was started with (see <see cref="ChatCommandLine"/>); History is how many recent messages to show on joining (0: none).</summary>
public sealed record CliArguments(string User, string Room, Uri Server, Uri Web, string? Token, int History);
