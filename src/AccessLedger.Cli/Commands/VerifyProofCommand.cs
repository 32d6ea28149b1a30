using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using AccessLedger.Chain.Checkpoints;

namespace AccessLedger.Cli.Commands;

/// <summary>
/// <c>accessledger verify-proof FILE --public-key KEY</c>: checks a saved proof bundle offline, with no database
/// (<see cref="ProofVerifier"/>), naming every check that fails.
/// </summary>
internal static class VerifyProofCommand
{
    /// <summary>The check a saved checkpoint given with --older fails when the bundle carries no consistency proof from its size.</summary>
    public const string OlderNotProven = "older_not_proven";

    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "A proof bundle: the output of `check --proof`, `prove` or `export`." };
        var publicKey = new Option<string>("--public-key")
        {
            Description = "The ledger's verifier key (NAME+KEYID+BASE64, as keygen printed it), or a file that holds it.",
            HelpName = "KEY",
            Required = true,
        };
        var older = new Option<string[]>("--older")
        {
            Description = "A checkpoint you saved earlier (a bundle, e.g. an answer of `check --proof`, or a signed checkpoint): the bundle must prove, from its size, that the ledger only grew since (get one with `prove --from-size N`). Repeatable.",
            HelpName = "SAVED",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command(
            "verify-proof",
            "Checks a proof bundle offline, with the ledger's public key alone and no database: the checkpoint's signature, every cited event's bytes and inclusion path, every consistency path (docs/proofs.md, \"Verification\"). " +
            $"Prints every check that fails. Exit 0 when valid, {ExitCodes.Broken} when not, {ExitCodes.BadInput} for a missing file or a malformed key.")
        {
            file, publicKey, older,
        };
        command.WithExamples(
            "accessledger verify-proof answer.json --public-key ledger.example.com/prod+1a2b3c4d+AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea",
            "accessledger verify-proof since-21.json --public-key ledger.pub --older answer.json");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var key = ReadKey(parse.GetRequiredValue(publicKey));
            var bundle = Read(parse.GetRequiredValue(file));
            var failures = new List<string>();
            foreach (var saved in parse.GetValue(older) ?? [])
            {
                if (Substitute(ref bundle, SavedCheckpoint(Read(saved))) is { } failure)
                {
                    failures.Add($"[{OlderNotProven}] {saved}: {failure}");
                }
            }

            var result = ProofVerifier.Verify(bundle, key);
            failures.AddRange(result.Failures.Select(f => f.ToString()));
            foreach (var failure in failures)
            {
                await context.Out.WriteLineAsync($"invalid: {failure}").ConfigureAwait(false);
            }

            if (failures.Count == 0)
            {
                var checkpoint = result.Checkpoint!;
                await context.Out.WriteLineAsync(
                    $"valid: checkpoint of {checkpoint.Origin} at {checkpoint.Size} events, root {Convert.ToBase64String(checkpoint.RootHash.Span)}; " +
                    $"{result.Events} cited events included, {result.OlderCheckpoints} older checkpoints consistent").ConfigureAwait(false);
            }

            return failures.Count == 0 ? ExitCodes.Ok : ExitCodes.Broken;
        });
        return command;
    }

    private static CheckpointVerifierKey ReadKey(string text)
    {
        try
        {
            return CheckpointVerifierKey.Parse(File.Exists(text) ? File.ReadAllText(text) : text);
        }
        catch (CheckpointKeyException e)
        {
            throw new CliException(ExitCodes.BadInput, $"--public-key: {e.Message} [{e.Code}]");
        }
    }

    private static string Read(string path) =>
        File.Exists(path) ? File.ReadAllText(path) : throw new CliException(ExitCodes.BadInput, $"there is no file at {path}.");

    /// <summary>The signed checkpoint a saved file holds: the <c>checkpoint</c> member of a bundle, or the file itself.</summary>
    private static string SavedCheckpoint(string saved)
    {
        try
        {
            return JsonNode.Parse(saved)?["checkpoint"]?.GetValue<string>() ?? saved;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return saved;
        }
    }

    /// <summary>
    /// Puts the saved checkpoint in place of the bundle's older checkpoint of the same size, so the consistency path
    /// must lead from the root the auditor kept, not from the one the ledger shows now; says why not when it cannot.
    /// </summary>
    private static string? Substitute(ref string bundle, string saved)
    {
        var size = SizeOf(saved);
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(bundle) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        var entry = (root?["olderCheckpoints"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(o => o["checkpoint"] is JsonValue v && v.TryGetValue<string>(out var text) && SizeOf(text) == size && size is not null);
        if (size is null || entry is null)
        {
            return size is null
                ? "it holds no checkpoint (origin, size and root lines)."
                : $"the bundle carries no consistency proof from its size, {size}: ask for one with `accessledger prove --from-size {size}`.";
        }

        entry["checkpoint"] = saved;
        bundle = root!.ToJsonString();
        return null;
    }

    private static long? SizeOf(string note) =>
        note.Split('\n') is { Length: > 2 } lines && long.TryParse(lines[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size) ? size : null;
}
