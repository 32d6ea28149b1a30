using System.Runtime.CompilerServices;
using System.Threading.Channels;
using AccessLedger.Decisions;
using AccessLedger.Writes;

namespace AccessLedger.Feed;

/// <summary>
/// The feed of decision flips for a set of (model, subject) pairs at T = now. Each event of the change feed is
/// applied in order: every pair is decided as known when that event was recorded (K = its recordedAt), so each
/// position's answer is seen, none skipped when writes come faster than the watcher; a pair whose answer
/// (allowed or not) differs from the last one delivered is delivered, with the event's checkpoint. Between events, a
/// timer waits for the earliest horizon of the pairs' answers (<see cref="Cache.DecisionHorizon"/>) and decides
/// them again then, at the same K: a flip found so is a clock flip.
/// </summary>
internal sealed class DecisionFlips(Ledger ledger, IReadOnlyList<(string ModelId, Subject Subject)> pairs)
{
    // A timer is set at most this far ahead (Task.Delay's limit is about 49 days); it is set again when it fires early.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    public async IAsyncEnumerable<DecisionFlip> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var time = ledger.Clock;
        var head = await ledger.ReadHeadAsync(ledger.PrimarySource, cancellationToken).ConfigureAwait(false);
        var knownAt = head.Position == 0 ? DateTimeOffset.MinValue : head.RecordedAt;
        var checkpoint = new LedgerCheckpoint(head.Position, Convert.ToHexStringLower(head.Hash));
        var current = new Decision[pairs.Count];
        var horizons = new DateTimeOffset[pairs.Count];
        for (var i = 0; i < pairs.Count; i++)
        {
            (current[i], horizons[i]) = await DecideAsync(i, time.GetUtcNow(), knownAt, checkpoint, cancellationToken).ConfigureAwait(false);
            yield return new DecisionFlip(current[i], DecisionChange.Initial);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var events = Channel.CreateBounded<RecordedEvent>(new BoundedChannelOptions(1000) { SingleReader = true, SingleWriter = true });
        var pump = PumpAsync(ledger.WatchAsync(head.Position, stop.Token), events.Writer, stop.Token);
        try
        {
            while (true)
            {
                var change = DecisionChange.Clock;
                if (!events.Reader.TryRead(out var e))
                {
                    var due = horizons.Length == 0 ? DateTimeOffset.MaxValue : horizons.Min();
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    var waitForEvent = events.Reader.WaitToReadAsync(wait.Token).AsTask();
                    var timer = Task.Delay(Clamp(due - time.GetUtcNow()), time, wait.Token);
                    await Task.WhenAny(waitForEvent, timer).ConfigureAwait(false);
                    await wait.CancelAsync().ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                    if (waitForEvent.IsCompletedSuccessfully && !await waitForEvent.ConfigureAwait(false))
                    {
                        await pump.ConfigureAwait(false);
                    }

                    if (!events.Reader.TryRead(out e) && time.GetUtcNow() < due)
                    {
                        continue;
                    }
                }

                if (e is not null)
                {
                    change = DecisionChange.Recorded;
                    knownAt = e.RecordedAt;
                    checkpoint = new LedgerCheckpoint(e.Position, e.Hash);
                }

                var now = time.GetUtcNow();
                for (var i = 0; i < pairs.Count; i++)
                {
                    var (decision, horizon) = await DecideAsync(i, now, knownAt, checkpoint, cancellationToken).ConfigureAwait(false);
                    horizons[i] = horizon;
                    if (decision.Allowed != current[i].Allowed)
                    {
                        current[i] = decision;
                        yield return new DecisionFlip(decision, change);
                    }
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await pump.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task<(Decision Decision, DateTimeOffset Horizon)> DecideAsync(int pair, DateTimeOffset now, DateTimeOffset knownAt, LedgerCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var (modelId, subject) = pairs[pair];
        var (decision, horizon) = await ledger.DecideCoreAsync(ledger.PrimarySource, modelId, subject, now, knownAt, horizon: true, cancellationToken).ConfigureAwait(false);

        // As known when the event was recorded: the answer holds at the event's position, whatever the head is by now.
        return (decision with { Checkpoint = checkpoint }, horizon ?? DateTimeOffset.MaxValue);
    }

    private static TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestWait ? LongestWait : wait;

    private static async Task PumpAsync(IAsyncEnumerable<RecordedEvent> feed, ChannelWriter<RecordedEvent> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in feed.ConfigureAwait(false))
            {
                await writer.WriteAsync(e, cancellationToken).ConfigureAwait(false);
            }

            writer.Complete();
        }
        catch (Exception error)
        {
            writer.Complete(error);
            throw;
        }
    }
}
