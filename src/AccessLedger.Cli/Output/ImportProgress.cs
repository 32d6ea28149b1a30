using System.Diagnostics;
using System.Globalization;
using AccessLedger.Events;
using AccessLedger.Wire;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace AccessLedger.Cli.Output;

/// <summary>
/// The progress of one import, in the phases the user waits through, all inside the one transaction that is
/// committed at the end or not at all: the ledger's state is read; the rules are judged event by event (reported by
/// <see cref="Ledger.RecordBatchAsync"/>); Marten builds the write; the write goes to PostgreSQL in round trips,
/// counted as they complete (the Npgsql commands of this import's trace) against the number it will need. The
/// phases that report no count (reading the state, building the write) show their elapsed time instead.
/// </summary>
internal abstract class ImportProgress : IProgress<int>, IDisposable
{
    private const string SourceName = "AccessLedger.Cli";

    // Compared by name in the listener: the listener may be asked about sources while this one is being made.
    private static readonly ActivitySource Source = new(SourceName);

    private readonly ActivityListener _listener;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private ActivityTraceId? _trace;
    private TimeSpan _phaseStarted;
    private int _roundTrips;

    protected ImportProgress(string name, int total, int expectedRoundTrips)
    {
        Name = name;
        Total = total;
        ExpectedRoundTrips = Math.Max(1, expectedRoundTrips);
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is SourceName or "Npgsql" or Diagnostics.LedgerTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Source.Name == SourceName || options.TraceId == _trace ? ActivitySamplingResult.AllData : ActivitySamplingResult.None,
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

    /// <summary>The phases of an import, in order.</summary>
    protected enum Phase
    {
        /// <summary>Fields checked, the ledger's lock taken and its state read: no count to report.</summary>
        ReadingState,

        /// <summary>The rules judged, event by event.</summary>
        Checking,

        /// <summary>Marten builds the operations of the write: no SQL is sent yet, no count to report.</summary>
        Building,

        /// <summary>The operations sent to PostgreSQL, a page per round trip; the last commits.</summary>
        Writing,

        /// <summary>Committed, or failed with nothing written.</summary>
        Done,
    }

    /// <summary>What is imported: a file's name or "standard input".</summary>
    protected string Name { get; }

    /// <summary>The events in the file.</summary>
    protected int Total { get; }

    /// <summary>The round trips the write needs (an estimate: Marten sends its operations in pages).</summary>
    protected int ExpectedRoundTrips { get; }

    /// <summary>The phase the import is in.</summary>
    protected Phase Current { get; private set; }

    /// <summary>How long the import has been in <see cref="Current"/>.</summary>
    protected TimeSpan InPhase => _clock.Elapsed - _phaseStarted;

    /// <summary>The events judged so far.</summary>
    protected int CheckedCount { get; private set; }

    /// <summary>The write's round trips done so far.</summary>
    protected int RoundTripCount => _roundTrips;

    /// <summary>Whether the write committed (set before <see cref="Phase.Done"/> is entered).</summary>
    protected bool Succeeded { get; private set; }

    /// <summary>How long the import has run.</summary>
    protected TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>
    /// The progress display this import gets: live on a terminal, plain lines from <see cref="Commands.ImportCommand.ProgressThreshold"/>
    /// events on, none for smaller files off a terminal. <paramref name="pageSize"/> is the store's operations per round trip.
    /// </summary>
    public static ImportProgress? For(CliContext context, string name, IReadOnlyList<LedgerCommand> commands, int pageSize)
    {
        if (commands.Count < Commands.ImportCommand.ProgressThreshold && !context.ErrorIsTerminal)
        {
            return null;
        }

        // Each stream's new events are appended in one operation, plus the chain's insert and the two fact tables'
        // inserts: Marten sends them pageSize at a time.
        var streams = commands.Select(c => EventCatalog.StreamOf(c.Event)).Distinct(StringComparer.Ordinal).Count();
        var roundTrips = (streams + 3 + pageSize - 1) / Math.Max(1, pageSize);
        return context.ErrorIsTerminal
            ? new LiveImportProgress(context.Error, name, commands.Count, roundTrips)
            : new PlainImportProgress(context.Error, name, commands.Count, roundTrips);
    }

    /// <summary>Runs the import's write under this progress: its round trips are the ones counted.</summary>
    public async Task<T> RunAsync<T>(Func<IProgress<int>, Task<T>> write)
    {
        ArgumentNullException.ThrowIfNull(write);

        // A trace of its own, so that only this import's commands are counted.
        Activity.Current = null;
        using var import = Source.StartActivity("accessledger.import");
        _trace = import?.TraceId;
        return await ShowAsync(async () =>
        {
            Enter(Phase.ReadingState);
            try
            {
                var result = await write(this).ConfigureAwait(false);
                Succeeded = true;
                return result;
            }
            finally
            {
                Enter(Phase.Done);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>Heard from the ledger: this many events judged against the rules (repeats are not reported).</summary>
    public void Report(int value)
    {
        lock (_gate)
        {
            CheckedCount = Math.Max(CheckedCount, value);
            if (Current == Phase.ReadingState)
            {
                Enter(Phase.Checking);
            }
        }

        Checked(value, value / Math.Max(0.001, InPhase.TotalSeconds));
        if (value == Total)
        {
            lock (_gate)
            {
                Enter(Phase.Building);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _listener.Dispose();
        Disposing();
        GC.SuppressFinalize(this);
    }

    /// <summary>Shows the display while <paramref name="work"/> runs.</summary>
    protected abstract Task<T> ShowAsync<T>(Func<Task<T>> work);

    /// <summary>The import entered <paramref name="phase"/>, after <paramref name="previous"/> took <paramref name="took"/>.</summary>
    protected abstract void Entered(Phase phase, Phase previous, TimeSpan took);

    /// <summary>This many events judged; <paramref name="rate"/> in events per second.</summary>
    protected abstract void Checked(int judged, double rate);

    /// <summary>This many round trips of the write done; <paramref name="rate"/> in round trips per second.</summary>
    protected abstract void Wrote(int roundTrips, double rate);

    /// <summary>Called once when the display is disposed.</summary>
    protected virtual void Disposing()
    {
    }

    /// <summary>The time left for <paramref name="remaining"/> more at <paramref name="rate"/> per second, as people say it.</summary>
    protected static string Left(double remaining, double rate) =>
        rate <= 0 ? "" : $", about {Duration(TimeSpan.FromSeconds(Math.Max(0, remaining) / rate))} left";

    /// <summary>A short duration: <c>0.4 s</c>, <c>12 s</c>, <c>3 min 05 s</c>.</summary>
    protected static string Duration(TimeSpan span) =>
        span.TotalSeconds < 10 ? $"{span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s"
        : span.TotalMinutes < 1 ? $"{span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s"
        : $"{(int)span.TotalMinutes} min {span.Seconds:00} s";

    /// <summary>A count with thousands separators.</summary>
    protected static string Count(double n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    private void Enter(Phase phase)
    {
        var previous = Current;
        if (phase <= previous && phase != Phase.ReadingState)
        {
            return;
        }

        var took = InPhase;
        _phaseStarted = _clock.Elapsed;
        Current = phase;
        Entered(phase, previous, took);
    }

    private void OnRoundTrip()
    {
        int roundTrips;
        double rate;
        lock (_gate)
        {
            // Round trips while the state is read come before the write's.
            if (Current is Phase.ReadingState or Phase.Done)
            {
                return;
            }

            // The last events may be repeats, which the ledger does not report: judging is over all the same.
            Enter(Phase.Writing);
            roundTrips = ++_roundTrips;
            rate = roundTrips / Math.Max(0.001, InPhase.TotalSeconds);
        }

        Wrote(roundTrips, rate);
    }

    /// <summary>Lines on stderr: one per tenth of each counted phase, and one every 10 s of a phase with no count. For logs and CI.</summary>
    private sealed class PlainImportProgress : ImportProgress
    {
        private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(10);
        private readonly TextWriter _error;
        private readonly Timer _timer;
        private int _checkedTenths;
        private int _writtenTenths;

        public PlainImportProgress(TextWriter error, string name, int total, int roundTrips)
            : base(name, total, roundTrips)
        {
            _error = error;
            _timer = new Timer(_ => Beat(), null, Heartbeat, Heartbeat);
        }

        protected override Task<T> ShowAsync<T>(Func<Task<T>> work) => work();

        protected override void Entered(Phase phase, Phase previous, TimeSpan took)
        {
            switch (phase)
            {
                case Phase.ReadingState:
                    Write($"importing {Total} events of {Name} in one transaction: reading the ledger's state, checking the rules, then writing");
                    break;
                case Phase.Building:
                    Write($"checked {Total} of {Total} events (100%); writing them to PostgreSQL in one transaction: building the write, then about {ExpectedRoundTrips} round trips");
                    break;
                case Phase.Writing when previous == Phase.Checking:
                    Write($"checked {Total} of {Total} events (100%); writing them to PostgreSQL in one transaction, about {ExpectedRoundTrips} round trips");
                    break;
                case Phase.Done when Succeeded:
                    Write($"done: {Name} checked and written in {Duration(Elapsed)} ({Count(Total / Math.Max(0.001, Elapsed.TotalSeconds))} events/s)");
                    break;
            }
        }

        protected override void Checked(int judged, double rate)
        {
            var tenths = (int)(judged * 10L / Total);
            if (tenths <= _checkedTenths || judged == Total)
            {
                return;
            }

            _checkedTenths = tenths;
            Write($"checked {judged} of {Total} events ({tenths * 10}%), {Count(rate)} events/s{Left(Total - judged, rate)}");
        }

        protected override void Wrote(int roundTrips, double rate)
        {
            // The estimate may be short: the last tenth waits for the commit.
            var tenths = Math.Min(9, roundTrips * 10 / ExpectedRoundTrips);
            if (tenths <= _writtenTenths)
            {
                return;
            }

            _writtenTenths = tenths;
            Write($"writing: {roundTrips} of about {ExpectedRoundTrips} round trips ({tenths * 10}%), {Count(rate * 60)} a minute{Left(ExpectedRoundTrips - roundTrips, rate)}; nothing is committed before the last");
        }

        protected override void Disposing() => _timer.Dispose();

        private void Beat()
        {
            var phase = Current;
            var what = phase switch
            {
                Phase.ReadingState => "reading the ledger's state",
                Phase.Building => "building the write (no SQL sent yet)",
                _ => null,
            };
            if (what is not null && InPhase >= Heartbeat)
            {
                Write($"still {what}: {Duration(InPhase)} so far, {Duration(Elapsed)} in all");
            }
        }

        private void Write(string line)
        {
            lock (_error)
            {
                _error.WriteLine(line);
            }
        }
    }

    /// <summary>
    /// A Spectre.Console display on a terminal: one row per phase, with a bar, its rate and time left where there is
    /// a count, a spinner and its time where there is none. It reads the counts ten times a second, so the import
    /// never waits for the terminal.
    /// </summary>
    private sealed class LiveImportProgress(TextWriter error, string name, int total, int roundTrips) : ImportProgress(name, total, roundTrips)
    {
        // Made only for a terminal: drawn as on one, whatever Spectre would detect of the writer.
        private readonly IAnsiConsole _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(error),
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
        });

        protected override Task<T> ShowAsync<T>(Func<Task<T>> work)
        {
            _console.MarkupLine($"importing {Count(Total)} events of [bold]{Markup.Escape(Name)}[/] in one transaction: nothing is committed before the last step");
            return _console.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 24 }, new PercentageColumn(), new RateColumn(), new RemainingTimeColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var tasks = new Dictionary<Phase, ProgressTask>
                    {
                        [Phase.ReadingState] = Add(context, "read the ledger's state", 1, indeterminate: true),
                        [Phase.Checking] = Add(context, "check the rules", Total),
                        [Phase.Building] = Add(context, "build the write", 1, indeterminate: true),
                        [Phase.Writing] = Add(context, $"write (~{ExpectedRoundTrips} round trips)", ExpectedRoundTrips),
                    };
                    var running = Task.Run(work);
                    while (!running.IsCompleted)
                    {
                        Show(tasks);
                        await Task.WhenAny(running, Task.Delay(100)).ConfigureAwait(false);
                    }

                    Show(tasks);
                    return await running.ConfigureAwait(false);
                });
        }

        protected override void Entered(Phase phase, Phase previous, TimeSpan took)
        {
        }

        protected override void Checked(int judged, double rate)
        {
        }

        protected override void Wrote(int roundTrips, double rate)
        {
        }

        private static ProgressTask Add(ProgressContext context, string description, double maxValue, bool indeterminate = false)
        {
            var task = context.AddTask(description, autoStart: false, maxValue: maxValue);
            task.IsIndeterminate = indeterminate;
            return task;
        }

        private void Show(Dictionary<Phase, ProgressTask> tasks)
        {
            var phase = Current;
            foreach (var (at, task) in tasks)
            {
                if (at < phase || (phase == Phase.Done && Succeeded))
                {
                    if (!task.IsFinished)
                    {
                        task.IsIndeterminate = false;
                        task.Value = task.MaxValue;
                        task.StopTask();
                    }
                }
                else if (at == phase && !task.IsStarted)
                {
                    task.StartTask();
                }
            }

            tasks[Phase.Checking].Value = Math.Max(tasks[Phase.Checking].Value, phase > Phase.Checking ? Total : CheckedCount);

            // The estimate may be short: the bar waits at its last step for the commit.
            if (phase == Phase.Writing)
            {
                tasks[Phase.Writing].Value = Math.Min(RoundTripCount, ExpectedRoundTrips - 0.5);
            }
        }

        /// <summary>Steps per second of a counted phase.</summary>
        private sealed class RateColumn : ProgressColumn
        {
            public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
                new Text(!task.IsIndeterminate && task.IsStarted && !task.IsFinished && task.Speed is { } speed ? $"{Count(speed)}/s" : "", new Style(Color.Grey));
        }
    }
}
