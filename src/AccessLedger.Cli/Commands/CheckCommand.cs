using System.CommandLine;
using AccessLedger.Cli.Output;
using AccessLedger.Decisions;
using AccessLedger.Events;

namespace AccessLedger.Cli.Commands;

/// <summary>
/// <c>accessledger check</c>: may an enrolled person (<c>--person</c>), or a person described ad hoc (<c>--org</c>,
/// <c>--citizenship</c>, <c>--us-person</c>, <c>--location</c>), use a model at valid time T, as known at K?
/// </summary>
internal static class CheckCommand
{
    private static readonly Dictionary<string, UsPersonStatus> Statuses = new(StringComparer.Ordinal)
    {
        ["citizen"] = UsPersonStatus.Citizen,
        ["permanent_resident"] = UsPersonStatus.PermanentResident,
        ["protected"] = UsPersonStatus.Protected,
        ["none"] = UsPersonStatus.None,
    };

    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "The model's id, e.g. mythos-5.", HelpName = "M", Required = true };
        var person = new Option<string>("--person") { Description = "An enrolled person's id. Or describe a person with --org, --citizenship, --us-person and --location.", HelpName = "P" };
        var org = new Option<string>("--org") { Description = "Ad hoc subject: the organization's id.", HelpName = "O" };
        var citizenship = new Option<string[]>("--citizenship")
        {
            Description = "Ad hoc subject: citizenships, ISO 3166-1 alpha-2, comma-separated (DE,FR).",
            HelpName = "CC[,CC...]",
            CustomParser = r => r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
        };
        var usPerson = Choices.Create("--us-person", "Ad hoc subject: status under US law; only none is a foreign person.", [.. Statuses.Keys]);
        var location = new Option<string>("--location") { Description = "Ad hoc subject: where the person is, ISO 3166-1 alpha-2.", HelpName = "CC" };
        var at = InstantOption.Create("--at", "Valid time T: the instant asked about, with an offset (2026-06-12T22:00:00Z).", required: true);
        var knownAt = AuditOptions.KnownAt();
        var activity = AuditOptions.Activity();
        var knowledge = AuditOptions.Knowledge();
        var exitCode = new Option<bool>("--exit-code")
        {
            Description = $"Exit {ExitCodes.Denied} when the answer is denied (0 when allowed), for scripts that branch on the exit code. Without it, any answer exits 0.",
        };

        var proof = new Option<bool>("--proof")
        {
            Description = "Print the answer with its proof, as one JSON object: a proof bundle (docs/proofs.md: the signed checkpoint of the head the answer was computed at, and each cited event's canonical bytes and inclusion path) with the answer in its member answer. " +
                          "Save it: `accessledger verify-proof FILE --public-key KEY` checks it offline. Signs a checkpoint if the head has none (--signing-key).",
        };
        var command = new Command(
            "check",
            "Decides whether a person may use a model at valid time T as the ledger knew it at K, with the reasons and the events behind them. " +
            $"Exit 0 for an answer, allowed or denied; with --exit-code, {ExitCodes.Denied} for a denial.")
        {
            model, person, org, citizenship, usPerson, location, at, knownAt, activity, knowledge, exitCode, proof, context.SigningKey,
        };
        var formats = Formats.AddTo(command, "{decision, activity, knowledge, reasons[{code, message, events}], basis, checkpoint{position, hash}}");
        command.WithExamples(
            "accessledger check --model mythos-5 --person lena --at 2026-06-12T22:00:00Z",
            "accessledger check --model mythos-5 --person lena --at 2026-06-12T22:00:00Z --known-at 2026-06-12T22:00:00Z --json",
            "accessledger check --model mythos-5 --org gridco --citizenship DE,FR --us-person none --location US --at 2026-06-12T22:00:00Z",
            "accessledger check --model mythos-5 --person lena --at 2026-06-20T00:00:00Z --exit-code || echo denied",
            "accessledger check --model mythos-5-1 --person lin --at 2026-09-10T00:00:00Z --activity security_research",
            "accessledger check --model mythos-5-1 --person lena --at 2026-08-05T00:00:00Z --known-at 2026-08-05T00:00:00Z --knowledge notice",
            "accessledger check --model mythos-5 --person lena --at 2026-06-12T22:00:00Z --proof --json --signing-key ledger.key > answer.json");

        Option[] adHoc = [org, citizenship, usPerson, location];
        command.Validators.Add(result =>
        {
            var given = adHoc.Where(o => result.GetResult(o) is not null).ToList();
            if (result.GetResult(person) is not null)
            {
                if (given.Count > 0)
                {
                    result.AddError($"--person names an enrolled person; leave out {string.Join(", ", given.Select(o => o.Name))}, or describe the person ad hoc without --person.");
                }
            }
            else if (given.Count < adHoc.Length)
            {
                result.AddError($"name a subject: --person P, or all of --org, --citizenship, --us-person and --location (missing {string.Join(", ", adHoc.Except(given).Select(o => o.Name))}).");
            }
        });

        command.SetAction(async (parse, cancellationToken) =>
        {
            var subject = parse.GetValue(person) is { } personId
                ? Subject.Person(personId)
                : Subject.AdHoc(parse.GetRequiredValue(org), parse.GetRequiredValue(citizenship), Statuses[parse.GetRequiredValue(usPerson)], parse.GetRequiredValue(location));
            var question = new DecisionQuestion(parse.GetRequiredValue(model), subject, parse.GetValue(at)!.Value)
            {
                KnownAt = parse.GetValue(knownAt),
                Activity = parse.GetRequiredValue(activity),
                Knowledge = AuditOptions.Basis(parse.GetValue(knowledge)),
            };
            var decision = parse.GetValue(proof)
                ? await context.WithSigningLedgerAsync(parse, ledger => ledger.DecideWithProofAsync(question, cancellationToken), cancellationToken).ConfigureAwait(false)
                : await DecideAsync(context, parse, ledger => ledger.DecideAsync(question, cancellationToken), cancellationToken).ConfigureAwait(false);
            await context.Out.WriteAsync(
                decision.Proof is { } bundle ? DecisionOutput.WithProof(decision, bundle)
                : formats.Of(parse) == OutputFormat.Json ? Formats.Json(decision)
                : DecisionOutput.Text(decision)).ConfigureAwait(false);
            return !decision.Allowed && parse.GetValue(exitCode) ? ExitCodes.Denied : ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<Decision> DecideAsync(CliContext context, ParseResult parse, Func<Ledger, Task<Decision>> decide, CancellationToken cancellationToken)
    {
        var ledger = await context.OpenLedgerAsync(parse, cancellationToken).ConfigureAwait(false);
        await using (ledger.ConfigureAwait(false))
        {
            return await decide(ledger).ConfigureAwait(false);
        }
    }
}
