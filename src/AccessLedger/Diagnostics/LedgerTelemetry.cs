using System.Diagnostics;
using System.Diagnostics.Metrics;
using AccessLedger.Decisions;
using AccessLedger.Rules;
using AccessLedger.Writes;

namespace AccessLedger.Diagnostics;

/// <summary>
/// The ledger's traces and metrics, with System.Diagnostics only: an <see cref="ActivitySource"/> and a
/// <see cref="Meter"/> both named <see cref="Name"/>. With OpenTelemetry: <c>.AddSource("AccessLedger")</c> and
/// <c>.AddMeter("AccessLedger")</c>. Every measurement carries the ledger's schema (<c>accessledger.schema</c>).
/// </summary>
public static class LedgerTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "AccessLedger";

    /// <summary>Tag: the ledger's PostgreSQL schema.</summary>
    public const string SchemaTag = "accessledger.schema";

    /// <summary>Tag: the number of commands in a write.</summary>
    public const string CommandCountTag = "accessledger.commands";

    /// <summary>Tag: the number of events a write recorded.</summary>
    public const string RecordedCountTag = "accessledger.events.recorded";

    /// <summary>Tag: the number of commands of a write that were idempotent repeats.</summary>
    public const string RepeatedCountTag = "accessledger.events.repeated";

    /// <summary>Tag: the stable code of a rejected write (<see cref="ErrorCodes"/>).</summary>
    public const string ErrorCodeTag = "accessledger.error.code";

    /// <summary>Tag: the model a decision is about.</summary>
    public const string ModelTag = "accessledger.model";

    /// <summary>Tag: <c>allowed</c> or <c>denied</c>.</summary>
    public const string DecisionTag = "accessledger.decision";

    /// <summary>Tag: the codes of a denial's reasons, comma-separated (<see cref="ReasonCodes"/>).</summary>
    public const string ReasonsTag = "accessledger.reasons";

    private static readonly string? Version = typeof(LedgerTelemetry).Assembly.GetName().Version?.ToString();

    internal static readonly ActivitySource Source = new(Name, Version);

    private static readonly Meter Meter = new(Name, Version);

    private static readonly Counter<long> EventsRecorded = Meter.CreateCounter<long>("accessledger.events.recorded", "{event}", "Events the ledger recorded (committed).");

    private static readonly Counter<long> EventsRepeated = Meter.CreateCounter<long>("accessledger.events.repeated", "{event}", "Commands skipped as idempotent repeats.");

    private static readonly Counter<long> WritesRejected = Meter.CreateCounter<long>("accessledger.writes.rejected", "{write}", "Writes rejected by a rule of the contract, by error code.");

    private static readonly Counter<long> Decisions = Meter.CreateCounter<long>("accessledger.decisions", "{decision}", "Decisions made, by outcome.");

    private static readonly Histogram<double> WriteDuration = Meter.CreateHistogram<double>("accessledger.write.duration", "s", "How long a write took, rules, commit and listeners included.");

    private static readonly Histogram<double> DecisionDuration = Meter.CreateHistogram<double>("accessledger.decision.duration", "s", "How long a decision took, its read included.");

    internal static Activity? StartWrite(string schema, int commands) => Start("accessledger.record", schema, CommandCountTag, commands);

    internal static Activity? StartDecision(string schema, string modelId) => Start("accessledger.decide", schema, ModelTag, modelId);

    internal static void WriteSucceeded(Activity? activity, string schema, BatchResult result, TimeSpan elapsed)
    {
        var tags = new TagList { { SchemaTag, schema } };
        EventsRecorded.Add(result.Recorded, tags);
        EventsRepeated.Add(result.Repeated, tags);
        WriteDuration.Record(elapsed.TotalSeconds, tags);
        activity?.SetTag(RecordedCountTag, result.Recorded);
        activity?.SetTag(RepeatedCountTag, result.Repeated);
    }

    /// <summary>Records a failed write; returns false so that it can sit in an exception filter.</summary>
    internal static bool WriteFailed(Activity? activity, string schema, Exception exception, TimeSpan elapsed)
    {
        var tags = new TagList { { SchemaTag, schema } };
        if (exception is LedgerRuleException rule)
        {
            WritesRejected.Add(1, new TagList { { SchemaTag, schema }, { ErrorCodeTag, rule.Code } });
            activity?.SetTag(ErrorCodeTag, rule.Code);
        }

        WriteDuration.Record(elapsed.TotalSeconds, tags);
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        return false;
    }

    internal static void Decided(Activity? activity, string schema, Decision decision, TimeSpan elapsed)
    {
        var outcome = decision.Allowed ? "allowed" : "denied";
        Decisions.Add(1, new TagList { { SchemaTag, schema }, { DecisionTag, outcome } });
        DecisionDuration.Record(elapsed.TotalSeconds, new TagList { { SchemaTag, schema } });
        activity?.SetTag(DecisionTag, outcome);
        if (!decision.Allowed)
        {
            activity?.SetTag(ReasonsTag, string.Join(",", decision.Reasons.Select(r => r.Code)));
        }
    }

    private static Activity? Start(string name, string schema, string tag, object value)
    {
        var activity = Source.StartActivity(name);
        activity?.SetTag(SchemaTag, schema);
        activity?.SetTag(tag, value);
        return activity;
    }
}
