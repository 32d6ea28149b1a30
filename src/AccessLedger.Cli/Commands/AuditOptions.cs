using System.CommandLine;

namespace AccessLedger.Cli.Commands;

/// <summary>The options the audit commands share.</summary>
internal static class AuditOptions
{
    public static Option<string> Model(bool required = true) => new("--model") { Description = "The model's id, e.g. mythos-5.", HelpName = "M", Required = required };

    public static Option<DateTimeOffset?> KnownAt() =>
        InstantOption.Create("--known-at", "Knowledge time K: count only events recorded (or, with --knowledge notice, published) by then. Default: as known now.");

    /// <summary>The activity asked about (LEDGER.md section 7.5), default <c>use</c>: a slug, checked before the ledger is opened.</summary>
    public static Option<string> Activity()
    {
        var activity = new Option<string>("--activity")
        {
            Description = "The activity asked about, e.g. use, weights_transfer, fine_tuning, security_research: a ban applies only if it controls it, an exception relieves only the activities it names.",
            HelpName = "A",
            DefaultValueFactory = _ => Decisions.Activities.Use,
        };
        activity.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } value && !System.Text.RegularExpressions.Regex.IsMatch(value, @"^[a-z0-9][a-z0-9._-]{0,63}\z"))
            {
                r.AddError($"--activity '{value}' is not an identifier: lower-case letters, digits, '.', '_' or '-', e.g. security_research.");
            }
        });
        return activity;
    }

    /// <summary>
    /// The knowledge basis of K (LEDGER.md sections 7.2, 7.5): <c>recorded</c> (what the ledger had recorded by K, the
    /// default) or <c>notice</c> (what the public record said by K). Read it with <see cref="Basis"/>.
    /// </summary>
    public static Option<string> Knowledge(string name = "--knowledge", string of = "--known-at") => Choices.Create(
        name,
        $"What {of} counts: recorded (events the ledger recorded by then, the default) or notice (events the public record had published by then: a source's publishedAt, else receivedAt, else recordedAt).",
        ["recorded", "notice"],
        "recorded");

    /// <summary>The basis a <see cref="Knowledge"/> option's word names.</summary>
    public static Decisions.KnowledgeBasis Basis(string? word) => word == "notice" ? Decisions.KnowledgeBasis.Notice : Decisions.KnowledgeBasis.Recorded;

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

/// <summary>
/// The options of an audit question with one knowledge time (LEDGER.md section 7.5): <c>--known-at</c>,
/// <c>--activity</c> and <c>--knowledge</c>, and the question they make.
/// </summary>
internal sealed class AskedOptions
{
    public Option<DateTimeOffset?> KnownAt { get; } = AuditOptions.KnownAt();

    public Option<string> Activity { get; } = AuditOptions.Activity();

    public Option<string> Knowledge { get; } = AuditOptions.Knowledge();

    /// <summary>The question with the knowledge time, activity and basis given on the command line.</summary>
    public TQuestion Of<TQuestion>(ParseResult parse, TQuestion question) where TQuestion : Audit.AuditQuestion =>
        (TQuestion)((Audit.AuditQuestion)question with
        {
            KnownAt = parse.GetValue(KnownAt),
            Activity = parse.GetRequiredValue(Activity),
            Knowledge = AuditOptions.Basis(parse.GetValue(Knowledge)),
        });
}
