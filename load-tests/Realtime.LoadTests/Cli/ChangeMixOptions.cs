using System.CommandLine;
using Realtime.LoadTests.Scenarios;

namespace Realtime.LoadTests.Cli;

/// <summary>The chat workload's share of reactions, edits and thread replies, shared by the chat and chaos commands.</summary>
public sealed class ChangeMixOptions
{
    private readonly Option<double> _react = new("--react-ratio") { Description = "Share of sender ticks that toggle a 👍 on the newest message (0-1)", DefaultValueFactory = _ => 0 };
    private readonly Option<double> _edit = new("--edit-ratio") { Description = "Share of sender ticks that edit the sender's newest message (0-1)", DefaultValueFactory = _ => 0 };
    private readonly Option<double> _reply = new("--reply-ratio") { Description = "Share of sender ticks that reply in the thread of the newest message that is not a reply (0-1)", DefaultValueFactory = _ => 0 };

    public ChangeMixOptions()
    {
        foreach (var option in All)
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

    public Option<double>[] All => [_react, _edit, _reply];

    public ChangeMix Read(ParseResult result) => new(result.GetValue(_react), result.GetValue(_edit), result.GetValue(_reply));
}
