using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using AccessLedger.Decisions;
using AccessLedger.Diagnostics;
using AccessLedger.Rules;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.Wire;
using Shouldly;

namespace AccessLedger.MediatR.Tests;

/// <summary>The "AccessLedger" ActivitySource and Meter, heard as an OpenTelemetry exporter would hear them.</summary>
public sealed class TelemetryTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private sealed record Measurement(string Instrument, double Value, Dictionary<string, object?> Tags);

    [Fact]
    public async Task writes_and_decisions_emit_activities_counters_and_durations_tagged_with_the_ledger()
    {
        var schema = fixture.Ledger.Schema;
        var activities = new ConcurrentQueue<Activity>();
        var measurements = new ConcurrentQueue<Measurement>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == LedgerTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem(LedgerTelemetry.SchemaTag), schema))
                {
                    activities.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(activityListener);
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == LedgerTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Hear(instrument, value, tags));
        meterListener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Hear(instrument, value, tags));
        meterListener.Start();

        var commands = Scenario.Commands();
        await fixture.Ledger.RecordBatchAsync(commands);
        await fixture.Ledger.RecordBatchAsync(commands.Take(2).ToList());
        var lift = NdjsonReader.ParseLine("""{"type":"ban_lifted","data":{"directiveId":"d404","validFrom":"2026-06-20T00:00:00Z"}}""", 1).Command!;
        await Should.ThrowAsync<LedgerRuleException>(() => fixture.Ledger.RecordAsync(lift));
        await fixture.Ledger.DecideAsync("mythos-5", Subject.Person("lena"), At("2026-06-11T00:00:00Z"));
        await fixture.Ledger.DecideAsync("fable-5", Subject.Person("lena"), At("2026-06-30T00:00:00Z"));

        var writes = activities.Where(a => a.OperationName == "accessledger.record").ToList();
        writes.Select(a => (a.GetTagItem(LedgerTelemetry.CommandCountTag), a.GetTagItem(LedgerTelemetry.RecordedCountTag), a.Status))
            .ShouldBe([(commands.Count, commands.Count, ActivityStatusCode.Unset), (2, 0, ActivityStatusCode.Unset), (1, null, ActivityStatusCode.Error)]);
        writes[2].GetTagItem(LedgerTelemetry.ErrorCodeTag).ShouldBe(ErrorCodes.UnknownDirective);
        activities.Where(a => a.OperationName == "accessledger.decide")
            .Select(a => (a.GetTagItem(LedgerTelemetry.ModelTag), a.GetTagItem(LedgerTelemetry.DecisionTag), a.GetTagItem(LedgerTelemetry.ReasonsTag)))
            .ShouldBe([("mythos-5", "allowed", null), ("fable-5", "denied", "legal_ban,provider_suspended")]);

        Sum("accessledger.events.recorded").ShouldBe(commands.Count);
        Sum("accessledger.events.repeated").ShouldBe(2);
        Sum("accessledger.writes.rejected", (LedgerTelemetry.ErrorCodeTag, ErrorCodes.UnknownDirective)).ShouldBe(1);
        Sum("accessledger.decisions", (LedgerTelemetry.DecisionTag, "allowed")).ShouldBe(1);
        Sum("accessledger.decisions", (LedgerTelemetry.DecisionTag, "denied")).ShouldBe(1);
        Of("accessledger.write.duration").Count.ShouldBe(3);
        Of("accessledger.decision.duration").Count.ShouldBe(2);

        void Hear(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var all = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                all[tag.Key] = tag.Value;
            }

            if (Equals(all.GetValueOrDefault(LedgerTelemetry.SchemaTag), schema))
            {
                measurements.Enqueue(new Measurement(instrument.Name, value, all));
            }
        }

        List<Measurement> Of(string instrument, (string Key, string Value)? tag = null) =>
            measurements.Where(m => m.Instrument == instrument && (tag is not { } t || Equals(m.Tags.GetValueOrDefault(t.Key), t.Value))).ToList();

        double Sum(string instrument, (string Key, string Value)? tag = null) => Of(instrument, tag).Sum(m => m.Value);
    }

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
}
