using AccessLedger.Chain;
using AccessLedger.Events;
using AccessLedger.Rules;
using AccessLedger.Storage;
using AccessLedger.Timelines;
using AccessLedger.Wire;

namespace AccessLedger.Writes;

/// <summary>
/// The write judge: a pure function from what the ledger holds (the head of the chain, the earlier results of these
/// commandIds, the timelines the commands touch) and the commands, to the events to append — each with its
/// position, stream version, both clocks and chain link — or a <see cref="LedgerRuleException"/> naming the first
/// command that breaks a rule. No database, no clock: the caller reads the state, passes the instant, and stores
/// what the judge accepted (<see cref="LedgerAppend"/>). Tests and the property tests' generator judge histories
/// with it in memory, exactly as the ledger does.
/// </summary>
internal static class WriteJudge
{
    /// <summary>A command checked field by field, with its canonical data and identity: what the judge needs of it.</summary>
    /// <param name="Event">The event, its fields normalized (<see cref="FieldRules.Check"/>).</param>
    /// <param name="Type">Its wire name.</param>
    /// <param name="Stream">The stream it is appended to.</param>
    /// <param name="Data">Its canonical data (sorted JSON), as the chain hashes it.</param>
    /// <param name="CommandId">The commandId given, or one derived from the payload.</param>
    /// <param name="PayloadHash">The hash of type and data, for idempotency.</param>
    /// <param name="Actor">Who asked, if known.</param>
    /// <param name="StatedRecordedAt">A recordedAt stated by an import of history, if any.</param>
    internal sealed record Prepared(ILedgerEvent Event, string Type, string Stream, string Data, string CommandId, string PayloadHash, string? Actor, DateTimeOffset? StatedRecordedAt);

    /// <summary>An event the judge accepted: the command, where it goes, and its link in the chain.</summary>
    /// <param name="Command">The command.</param>
    /// <param name="Ref">Its stream, version, type, both clocks and position.</param>
    /// <param name="Hash">Its chain hash.</param>
    /// <param name="Previous">The chain hash before it.</param>
    /// <param name="LeafHash">Its leaf hash in the Merkle tree: SHA-256(0x00 ‖ the canonical bytes the chain hashes).</param>
    internal sealed record Accepted(Prepared Command, EventRef Ref, byte[] Hash, byte[] Previous, byte[] LeafHash);

    /// <summary>What the judge decided: the events to append, in order, and a result per command (repeats included).</summary>
    internal sealed record Judgement(IReadOnlyList<Accepted> Accepted, RecordResult[] Results);

    /// <summary>Checks every command's fields and computes its canonical data, payload hash and commandId; the first bad one throws, with its index.</summary>
    public static List<Prepared> Prepare(IReadOnlyList<LedgerCommand> commands)
    {
        var prepared = new List<Prepared>(commands.Count);
        for (var i = 0; i < commands.Count; i++)
        {
            var command = commands[i];
            var type = EventCatalog.WireNameOf(command.Event);
            try
            {
                var e = FieldRules.Check(command.Event);
                var data = ChainHasher.SortedJson(ChainHasher.DataOf(e));
                var payload = ChainHasher.PayloadHash(type, data);
                if (command.CommandId is { } id && (string.IsNullOrWhiteSpace(id) || id.Length > 200))
                {
                    throw new LedgerRuleException(ErrorCodes.InvalidField, "commandId must be 1 to 200 characters.");
                }

                // A line without a commandId is identified by what it says, so importing it twice records it once.
                var commandId = command.CommandId ?? $"auto-{payload[..32]}";
                prepared.Add(new Prepared(e, type, EventCatalog.StreamOf(e), data, commandId, payload, command.Actor, command.RecordedAt));
            }
            catch (LedgerRuleException e) when (e.Index is null)
            {
                throw e.At(i, type);
            }
        }

        return prepared;
    }

    /// <summary>
    /// Judges the commands in order against <paramref name="state"/>, which it folds forward as it accepts them (so
    /// each is judged with the ones before it in the batch). Commands seen before (same commandId and payload) are
    /// not appended again and return their first result.
    /// </summary>
    /// <param name="state">The timelines the commands read (<see cref="TimelineSet.DocumentsFor"/>), as stored.</param>
    /// <param name="head">The chain's head.</param>
    /// <param name="earlier">The stored results of these commandIds.</param>
    /// <param name="commands">The prepared commands.</param>
    /// <param name="now">The ledger's clock, already cut to whole microseconds.</param>
    /// <param name="progress">Hears how many commands have been judged.</param>
    public static Judgement Judge(TimelineSet state, ChainHead head, IReadOnlyDictionary<string, CommandRecord> earlier, IReadOnlyList<Prepared> commands, DateTimeOffset now, IProgress<int>? progress = null)
    {
        var seen = new Dictionary<string, CommandRecord>(earlier, StringComparer.Ordinal);
        var results = new RecordResult[commands.Count];
        var accepted = new List<Accepted>();
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        var (position, previousHash, lastRecordedAt) = (head.Position, head.Hash, head.RecordedAt);
        for (var i = 0; i < commands.Count; i++)
        {
            var p = commands[i];
            try
            {
                if (seen.TryGetValue(p.CommandId, out var first))
                {
                    results[i] = first.PayloadHash == p.PayloadHash
                        ? new RecordResult(p.CommandId, first.Position, first.Stream, first.Version, first.RecordedAt, Repeated: true)
                        : throw new LedgerRuleException(ErrorCodes.IdempotencyConflict, $"commandId {p.CommandId} was used before for another event; a commandId names one event forever.");
                    continue;
                }

                var recordedAt = RecordedAt(p, now, lastRecordedAt);
                WriteRules.Check(p.Event, state);
                position++;
                var version = NextVersion(versions, state, p);
                var at = new EventRef(p.Stream, version, p.Type, recordedAt, p.Event.ValidFrom, position);
                state.Apply(p.Event, at);
                var canonical = ChainHasher.Canonical(p.Type, p.Data, p.Stream, version, recordedAt, p.CommandId, p.Actor);
                var hash = ChainHasher.Next(previousHash, canonical);
                accepted.Add(new Accepted(p, at, hash, previousHash, Chain.Merkle.MerkleHash.Leaf(canonical)));
                seen[p.CommandId] = new CommandRecord(p.CommandId, p.PayloadHash, position, p.Stream, version, recordedAt);
                results[i] = new RecordResult(p.CommandId, position, p.Stream, version, recordedAt, Repeated: false);
                previousHash = hash;
                lastRecordedAt = recordedAt;
            }
            catch (LedgerRuleException e) when (e.Index is null)
            {
                throw e.At(i, p.Type);
            }

            progress?.Report(i + 1);
        }

        return new Judgement(accepted, results);
    }

    /// <summary>An instant cut to whole microseconds: what PostgreSQL's <c>timestamptz</c> holds.</summary>
    public static DateTimeOffset WholeMicroseconds(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    private static DateTimeOffset RecordedAt(Prepared p, DateTimeOffset now, DateTimeOffset last)
    {
        if (p.StatedRecordedAt is not { } stated)
        {
            // The clock may lag the ledger (another host's clock); knowledge time never goes backwards.
            return now > last ? now : last;
        }

        if (stated < last)
        {
            throw new LedgerRuleException(ErrorCodes.RecordedAtOutOfOrder, $"recordedAt {LedgerJson.Format(stated)} is earlier than the ledger's last recording, {LedgerJson.Format(last)}; knowledge time never goes backwards.");
        }

        if (stated > now)
        {
            throw new LedgerRuleException(ErrorCodes.RecordedAtOutOfOrder, $"recordedAt {LedgerJson.Format(stated)} is in the future of the ledger's clock ({LedgerJson.Format(now)}).");
        }

        return stated;
    }

    private static long NextVersion(Dictionary<string, long> versions, TimelineSet state, Prepared p)
    {
        if (!versions.TryGetValue(p.Stream, out var current))
        {
            var kind = EventCatalog.KindOf(p.Event);
            current = state.Find(kind.Timeline.Type, kind.IdOf(p.Event))?.Version ?? 0;
        }

        versions[p.Stream] = current + 1;
        return current + 1;
    }
}
