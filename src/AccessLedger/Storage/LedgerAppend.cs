using AccessLedger.Chain;
using AccessLedger.Wire;
using AccessLedger.Writes;
using JasperFx.Events;
using Marten;

namespace AccessLedger.Storage;

/// <summary>
/// The storage step of a write: appends what the <see cref="WriteJudge"/> accepted — the events (through Marten,
/// with the ledger's headers), their chain links, their leaves and the subtrees they complete in the Merkle tree,
/// their fact rows, and the change feed's notification — in one batch of the caller's transaction.
/// Nothing is read here and nothing is decided.
/// </summary>
internal static class LedgerAppend
{
    /// <summary>Queues the events, links, tree nodes and fact rows on <paramref name="session"/>; the caller saves and commits.</summary>
    /// <param name="session">The session of the caller's transaction.</param>
    /// <param name="schema">The ledger's schema.</param>
    /// <param name="accepted">What the judge accepted, in order.</param>
    /// <param name="edge">The Merkle tree's right edge at the head (<see cref="MerkleNodes.HeadEdgeSql"/>); extended here.</param>
    /// <returns>The ids Marten gave the events, in the order of <paramref name="accepted"/>.</returns>
    public static Guid[] Queue(IDocumentSession session, string schema, IReadOnlyList<WriteJudge.Accepted> accepted, Chain.Merkle.CompactRange edge)
    {
        var envelopes = new IEvent[accepted.Count];
        for (var i = 0; i < accepted.Count; i++)
        {
            var (command, at) = (accepted[i].Command, accepted[i].Ref);
            var envelope = session.Events.BuildEvent(command.Event);

            // Stored with the event for readers of mt_events (verify compares them with the chain); never read back here.
            envelope.SetHeader(LedgerSchema.PositionHeader, at.Position.ToString(System.Globalization.CultureInfo.InvariantCulture));
            envelope.SetHeader(LedgerSchema.RecordedAtHeader, LedgerJson.Format(at.RecordedAt));
            envelope.SetHeader(LedgerSchema.CommandIdHeader, command.CommandId);
            if (command.Actor is not null)
            {
                envelope.SetHeader(LedgerSchema.ActorHeader, command.Actor);
            }

            envelopes[i] = envelope;
        }

        foreach (var stream in Enumerable.Range(0, accepted.Count).GroupBy(i => accepted[i].Ref.Stream, StringComparer.Ordinal))
        {
            session.Events.Append(stream.Key, stream.Max(i => accepted[i].Ref.Version), stream.Select(i => (object)envelopes[i]).ToArray());
        }

        var ids = envelopes.Select(e => e.Id).ToArray();
        ChainLinks.Queue(session, schema, accepted, ids);
        MerkleNodes.Queue(session, schema, edge, accepted.Select(a => a.LeafHash));
        var facts = accepted.Select(a => (a.Command.Event, a.Ref)).ToList();
        InstrumentFacts.Queue(session, schema, facts);
        SubjectFacts.Queue(session, schema, facts);
        Feed.ChangeFeed.QueueNotify(session, schema, accepted[^1].Ref.Position);
        return ids;
    }
}
