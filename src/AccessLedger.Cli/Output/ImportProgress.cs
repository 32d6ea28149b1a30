using System.Diagnostics;
using System.Globalization;
using AccessLedger.Events;
using AccessLedger.Timelines;
using AccessLedger.Wire;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace AccessLedger.Cli.Output;

/// <summary>
/// The progress of one import, in the phases the user waits through: the rules judged event by event (reported by
/// <see cref="Ledger.RecordBatchAsync"/>), then the one transaction that writes them, whose round trips to
/// PostgreSQL are counted as they complete (the Npgsql commands of this import's trace) against the number the
/// write will need. Each phase has its count, rate and time left; nothing is committed until the last round trip.
/// </summary>
internal abstract class ImportProgress : IProgress<int>, IDisposable
{
    private static readonly ActivitySource Source = new("AccessLedger.Cli");

    private readonly ActivityListener _listener;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private Activity? _import;
    private ActivityTraceId _trace;
    private int _judged;
    private TimeSpan? _judgingStarted;
    private TimeSpan? _writingStarted;
    private int _roundTrips;

    protected ImportProgress(string name, int total, int expectedRoundTrips)
    {
        Name = name;
        Total = total;
        ExpectedRoundTrips = Math.Max(1, expectedRoundTrips);
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source == Source || source.Name is "Npgsql" or Diagnostics.LedgerTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Source == Source || (_import is not null && options.TraceId == _trace) ? ActivitySamplingResult.AllData : ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == "Npgsql" && activity.TraceId == _trace)
                {
                    OnRoundTrip();
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>What is imported: a file's name or "standard input".</summary>
    protected string Name { get; }

    /// <summary>The events in the file.</summary>
    protected int Total { get; }

    /// <summary>The round trips the write needs (an estimate: Marten sends its operations in pages).</summary>
    protected int ExpectedRoundTrips { get; }

    /// <summary>
    /// The progress display this import gets: live on a terminal, plain lines from <see cref="ImportCommand.ProgressThreshold"/>
    /// events on, none for smaller files off a terminal. <paramref name="pageSize"/> is the store's operations per round trip.
    /// </summary>
    public static ImportProgress? For(CliContext context, string name, IReadOnlyList<LedgerCommand> commands, int pageSize)
    {
        if (commands.Count < Commands.ImportCommand.ProgressThreshold && !context.ErrorIsTerminal)
        {
            return null;
        }

        // Each stream's events are appended in one operation and each timeline document stored in one, plus the
        // chain's and the subject rows' inserts: Marten sends them pageSize at a time.
        var streams = commands.Select(c => EventCatalog.StreamOf(c.Event)).Distinct(StringComparer.Ordinal).Count();
        var documents = commands.SelectMany(c => TimelineSet.DocumentsFor(c.Event)).Distinct().Count();
        var roundTrips = (streams + documents + 2 + pageSize - 1) / Math.Max(1, pageSize);
        return context.ErrorIsTerminal
            ? new LiveImportProgress(context.Error, name, commands.Count, roundTrips)
            : new PlainImportProgress(context.Error, name, commands.Count, roundTrips);
    }

    /// <summary>Runs the import's write under this progress: its round trips are the ones counted.</summary>
    public async Task<T> RunAsync<T>(Func<IProgress<int>, Task<T>> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        Activity.Current = null;
        using var import = Source.StartActivity("accessledger.import");
        _trace = import?.TraceId ?? default;
        _import = import;
        return await ShowAsync(async () =>
        {
            Started();
            var result = await write(this).ConfigureAwait(false);
            Finished(_clock.Elapsed);
            return result;
        }).ConfigureAwait(false);
    }

    /// <summary>Heard from the ledger: this many events judged against the rules (repeats are not reported).</summary>
    public void Report(int value)
    {
        lock (_gate)
        {
            _judgingStarted ??= _clock.Elapsed;
            _judged = Math.Max(_judged, value);
        }

        Judged(value, Rate(value, _judgingStarted!.Value));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _listener.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Shows the display while <paramref name="work"/> runs.</summary>
    protected abstract Task<T> ShowAsync<T>(Func<Task<T>> work);

    /// <summary>The write is about to begin (the rules have not been judged yet).</summary>
    protected abstract void Started();

    /// <summary>This many events judged; <paramref name="rate"/> in events per second.</summary>
    protected abstract void Judged(int judged, double rate);

    /// <summary>This many round trips of the write done, after <paramref name="elapsed"/> of writing.</summary>
    protected abstract void Wrote(int roundTrips, TimeSpan elapsed);

    /// <summary>The write committed, after <paramref name="elapsed"/> in all.</summary>
    protected abstract void Finished(TimeSpan elapsed);

    /// <summary>Seconds left at <paramref name="rate"/> per second for <paramref name="remaining"/> more, as people say it.</summary>
    protected static string Left(double remaining, double rate) =>
        rate <= 0 ? "" : $", about {Duration(TimeSpan.FromSeconds(Math.Max(0, remaining) / rate))} left";

    /// <summary>A short duration: <c>0.4 s</c>, <c>12 s</c>, <c>3 min 05 s</c>.</summary>
    protected static string Duration(TimeSpan span) =>
        span.TotalSeconds < 10 ? $"{span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s"
        : span.TotalMinutes < 1 ? $"{span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s"
        : $"{(int)span.TotalMinutes} min {span.Seconds:00} s";

    /// <summary>A count with thousands separators.</summary>
    protected static string Count(double n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    private double Rate(int done, TimeSpan since) => done / Math.Max(0.001, (_clock.Elapsed - since).TotalSeconds);

    private void OnRoundTrip()
    {
        int roundTrips;
        TimeSpan writing;
        lock (_gate)
        {
            // Round trips before the first judged event load the ledger's state; the write's come after.
            if (_judgingStarted is null)
            {
                return;
            }

            _writingStarted ??= _clock.Elapsed;
            roundTrips = ++_roundTrips;
            writing = _clock.Elapsed - _writingStarted.Value;
        }

        Wrote(roundTrips, writing);
    }

    /// <summary>Lines on stderr, at each tenth of each phase: for logs and CI.</summary>
    private sealed class PlainImportProgress(TextWriter error, string name, int total, int roundTrips) : ImportProgress(name, total, roundTrips)
    {
        private int _judgedTenths;
        private int _writtenTenths;
        private bool _writing;

        protected override Task<T> ShowAsync<T>(Func<Task<T>> work) => work();

        protected override void Started() => error.WriteLine($"importing {Total} events of {Name} in one transaction: the rules are checked, then the events written");

        protected override void Judged(int judged, double rate)
        {
            var tenths = (int)(judged * 10L / Total);
            if (tenths <= _judgedTenths)
            {
                return;
            }

            _judgedTenths = tenths;
            error.WriteLine(judged < Total
                ? $"checked {judged} of {Total} events ({tenths * 10}%), {Count(rate)} events/s{Left(Total - judged, rate)}"
                : $"checked {Total} of {Total} events (100%); writing them to PostgreSQL in one transaction, about {ExpectedRoundTrips} round trips");
            _writing |= judged == Total;
        }

        protected override void Wrote(int roundTrips, TimeSpan elapsed)
        {
            if (!_writing)
            {
                // The last events were repeats, so the ledger did not report them: judging is over all the same.
                _writing = true;
                error.WriteLine($"checked {Total} of {Total} events (100%); writing them to PostgreSQL in one transaction, about {ExpectedRoundTrips} round trips");
            }

            // An estimate may be short: the last tenth waits for the commit.
            var tenths = Math.Min(9, roundTrips * 10 / ExpectedRoundTrips);
            if (tenths <= _writtenTenths)
            {
                return;
            }

            _writtenTenths = tenths;
            var rate = roundTrips / Math.Max(0.001, elapsed.TotalSeconds);
            error.WriteLine($"writing: {roundTrips} of about {ExpectedRoundTrips} round trips ({tenths * 10}%), {Duration(elapsed)}{Left(ExpectedRoundTrips - roundTrips, rate)}; nothing is committed before the last");
        }

        protected override void Finished(TimeSpan elapsed) =>
            error.WriteLine($"done: {Total} events of {Name} checked and written in {Duration(elapsed)} ({Count(Total / Math.Max(0.001, elapsed.TotalSeconds))} events/s)");
    }

    /// <summary>A Spectre.Console display on a terminal: one bar per phase with its count, rate and time left.</summary>
    private sealed class LiveImportProgress(TextWriter error, string name, int total, int roundTrips) : ImportProgress(name, total, roundTrips)
    {
        private readonly IAnsiConsole _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error) });
        private ProgressTask? _judging;
        private ProgressTask? _writing;

        protected override Task<T> ShowAsync<T>(Func<Task<T>> work) =>
            _console.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(), new RemainingTimeColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(context =>
                {
                    _judging = context.AddTask($"check {Count(Total)} events of {Markup.Escape(Name)}", maxValue: Total);
                    _writing = context.AddTask($"write them in one transaction (~{ExpectedRoundTrips} round trips)", autoStart: false, maxValue: ExpectedRoundTrips);
                    return work();
                });

        protected override void Started() => _judging?.StartTask();

        protected override void Judged(int judged, double rate) => _judging!.Value = judged;

        protected override void Wrote(int roundTrips, TimeSpan elapsed)
        {
            if (!_judging!.IsFinished)
            {
                _judging.Value = Total;
                _judging.StopTask();
                _writing!.StartTask();
            }

            // An estimate may be short: the bar waits at its last step for the commit.
            _writing!.Value = Math.Min(roundTrips, ExpectedRoundTrips - 0.5);
        }

        protected override void Finished(TimeSpan elapsed)
        {
            _judging!.Value = Total;
            _judging.StopTask();
            if (!_writing!.IsStarted)
            {
                _writing.StartTask();
            }

            _writing.Value = ExpectedRoundTrips;
            _writing.StopTask();
        }

        /// <summary>Steps per second of the phase.</summary>
        private sealed class RateColumn : ProgressColumn
        {
            public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
                new Text(task.Speed is { } speed && task.IsStarted && !task.IsFinished ? $"{Count(speed)}/s" : "", new Style(Color.Grey));
        }
    }
}
