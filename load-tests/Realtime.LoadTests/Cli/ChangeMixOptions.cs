using System.CommandLine;
using Realtime.LoadTests.Scenarios;

namespace Realtime.LoadTests.Cli;

/// <summary>The chat workload's share of reactions, edits, thread replies and read marks, and read receipts, shared by the chat and chaos commands.</summary>
public sealed class ChangeMixOptions
{
    private readonly Option<double> _react = new("--react-ratio") { Description = "Share of sender ticks that toggle a 👍 on the newest message (0-1)", DefaultValueFactory = _ => 0 };
    private readonly Option<double> _edit = new("--edit-ratio") { Description = "Share of sender ticks that edit the sender's newest message (0-1)", DefaultValueFactory = _ => 0 };
    private readonly Option<double> _reply = new("--reply-ratio") { Description = "Share of sender ticks that reply in the thread of the newest message that is not a reply (0-1)", DefaultValueFactory = _ => 0 };
    private readonly Option<double> _read = new("--read-ratio") { Description = "Share of delivered messages after which a member marks the room read up to it (0-1)", DefaultValueFactory = _ => 0 };
    private readonly Option<bool> _receipts = new("--receipts") { Description = "Rooms show read receipts: every mark reaches every member, and the run checks the listed positions" };

    public ChangeMixOptions()
    {
        foreach (var option in Ratios)
        {
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<double>() is < 0 or > 1)
                {
                    result.AddError($"{option.Name} must be between 0 and 1");
                }
            });
        }
    }

    public Option<double>[] Ratios => [_react, _edit, _reply, _read];

    public Option[] All => [.. Ratios, _receipts];

    public ChangeMix Read(ParseResult result) =>
        new(result.GetValue(_react), result.GetValue(_edit), result.GetValue(_reply), result.GetValue(_read), result.GetValue(_receipts));
}
