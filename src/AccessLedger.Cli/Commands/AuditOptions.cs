using System.CommandLine;

namespace AccessLedger.Cli.Commands;

/// <summary>The options the audit commands share.</summary>
internal static class AuditOptions
{
    public static Option<string> Model(bool required = true) => new("--model") { Description = "The model's id, e.g. mythos-5.", HelpName = "M", Required = required };

    public static Option<DateTimeOffset?> KnownAt() => InstantOption.Create("--known-at", "Knowledge time K: count only events recorded by then. Default: as known now.");

    public static Option<DateTimeOffset?> From() => InstantOption.Create("--from", "Start of the valid-time range T1, with an offset (2026-06-09T00:00:00Z).", required: true);

    public static Option<DateTimeOffset?> To() => InstantOption.Create("--to", "End of the valid-time range T2, with an offset; must be after --from.", required: true);

    /// <summary>Adds a validator: --to must be after --from.</summary>
    public static void RequireRange(Command command, Option<DateTimeOffset?> from, Option<DateTimeOffset?> to) =>
        command.Validators.Add(result =>
        {
            if (result.GetValue(from) is { } start && result.GetValue(to) is { } end && end <= start)
            {
                result.AddError("--to must be after --from.");
            }
        });
}
