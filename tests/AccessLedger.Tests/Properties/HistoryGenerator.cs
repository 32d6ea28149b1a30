using AccessLedger.Chain;
using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Rules;
using AccessLedger.Timelines;
using AccessLedger.Wire;
using AccessLedger.Writes;

namespace AccessLedger.Tests.Properties;

/// <summary>
/// Random valid histories over a small world (3 models, 4 organizations, 5 people, 3 bans, 3 exceptions, ...), so
/// that facts collide: retroactive and future-dated validFrom, late recording, ties on both clocks, amendments,
/// lifts, revocations and withdrawals; version 2's classes, activities, named parties with ownership chains
/// (aggregation and cycles), country groups, validity changes, suspensions, status changes and sources with
/// publication times. Candidates that break a write rule are dropped, so every history is one the
/// ledger accepts; the rules themselves are exercised on the way.
/// </summary>
public sealed class HistoryGenerator(int seed, string prefix = "", DateTimeOffset? origin = null)
{
    private readonly Random _random = new(seed);
    private readonly DateTimeOffset _origin = origin ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Countries = ["US", "DE", "GB", "JP"];

    private static readonly Dictionary<string, Storage.CommandRecord> NoCommands = [];

    public string Id(string local) => prefix + local;

    public string[] Models => [Id("m1"), Id("m2"), Id("m3")];

    /// <summary>Classes of models (LEDGER.md section 7.1).</summary>
    public string[] Classes => [Id("k1"), Id("k2")];

    /// <summary>Activities instruments name and questions ask about.</summary>
    public static string[] Activities => ["use", "fine_tuning", "security_research"];

    /// <summary>A random activity for a question: mostly <c>use</c>.</summary>
    public string Activity() => _random.Next(2) == 0 ? "use" : Pick(Activities);

    public string[] Organizations => [Id("p"), Id("o1"), Id("o2"), Id("o3")];

    public string[] People => [Id("u1"), Id("u2"), Id("u3"), Id("u4"), Id("u5")];

    /// <summary>The first and last instant of the history's valid and recorded times.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Window => (_origin, _origin.AddDays(80));

    /// <summary>A history of recorded events, each with the reference the ledger gives it, and the commands that record it.</summary>
    public (List<(ILedgerEvent Event, EventRef Ref)> History, List<LedgerCommand> Commands) Generate(int attempts, long firstPosition = 1)
    {
        var set = new TimelineSet();
        var history = new List<(ILedgerEvent, EventRef)>();
        var commands = new List<LedgerCommand>();
        var recordedAt = _origin.AddDays(5);
        var head = new ChainHead(firstPosition - 1, ChainHasher.Genesis.ToArray(), DateTimeOffset.MinValue);
        for (var i = 0; i < attempts; i++)
        {
            // The ledger's own write judge decides whether the candidate may be recorded, and where it goes.
            var at = recordedAt.AddHours(_random.Next(4) == 0 ? 0 : _random.Next(1, 48));
            var command = new LedgerCommand(Candidate(set), CommandId: $"{prefix}cmd-{i}", RecordedAt: at);
            WriteJudge.Accepted judged;
            try
            {
                judged = WriteJudge.Judge(set, head, NoCommands, WriteJudge.Prepare([command]), now: at).Accepted[0];
            }
            catch (LedgerRuleException)
            {
                continue;
            }

            recordedAt = at;
            head = new ChainHead(judged.Ref.Position, judged.Hash, judged.Ref.RecordedAt);
            history.Add((judged.Command.Event, judged.Ref));
            commands.Add(command);
        }

        return (history, commands);
    }

    /// <summary>A random question: a model (sometimes unknown), a subject (sometimes ad hoc or unknown), T and K.</summary>
    /// <remarks>Half of the instants are taken from the history itself (a validFrom, a recordedAt, or a moment
    /// before one), where answers change.</remarks>
    public (string Model, Subject Subject, DateTimeOffset At, DateTimeOffset? KnownAt) Question(IReadOnlyList<(ILedgerEvent Event, EventRef Ref)> history)
    {
        var model = _random.Next(10) == 0 ? Id("m9") : Pick(Models);
        Subject subject = _random.Next(4) == 0
            ? Subject.AdHoc(_random.Next(8) == 0 ? Id("o9") : Pick(Organizations), Some(Countries, 1), Pick(Enum.GetValues<UsPersonStatus>()), Pick(Countries))
            : Subject.Person(_random.Next(10) == 0 ? Id("u9") : Pick(People));
        var at = history.Count > 0 && _random.Next(2) == 0 ? Near(history[_random.Next(history.Count)].Ref.ValidFrom) : Instant();
        var published = history.Select(h => (h.Event as ISourced)?.Source?.PublishedAt).OfType<DateTimeOffset>().ToList();
        DateTimeOffset? knownAt = _random.Next(4) == 0 ? null
            : published.Count > 0 && _random.Next(4) == 0 ? Near(published[_random.Next(published.Count)])
            : history.Count > 0 && _random.Next(2) == 0 ? Near(history[_random.Next(history.Count)].Ref.RecordedAt)
            : _origin.AddHours(_random.Next(0, 24 * 90));
        return (model, subject, at, knownAt);

        DateTimeOffset Near(DateTimeOffset instant) => _random.Next(2) == 0 ? instant : instant.AddSeconds(-1);
    }

    /// <summary>
    /// A world of ownership (the 50 % rule of LEDGER.md section 7.2): only registrations, enrolments, ownerships that
    /// change over valid time (aggregation, chains, cycles), bans on parties with and without affiliates, and listing
    /// amendments, so that most questions turn on who owns whom.
    /// </summary>
    public bool OwnershipWorld { get; init; }

    private ILedgerEvent Candidate(TimelineSet set)
    {
        var from = Instant();
        DateTimeOffset? To() => _random.Next(4) == 0 ? from.AddDays(_random.Next(1, 30)) : null;
        if (OwnershipWorld)
        {
            return _random.Next(10) switch
            {
                0 => new ModelRegistered(Pick(Models), Id("p"), "Model", ModelAvailability.General, from),
                1 or 2 => new OrganizationRegistered(Pick(Organizations), "Org", Pick(Countries), true, from),
                3 => new PersonEnrolled(Pick(People), Pick(Organizations), ["US"], UsPersonStatus.Citizen, "US", from),
                4 => new BanAmended(Id("d" + _random.Next(1, 4)), [], [], from, AddOrganizations: Some(Organizations, 0), RemoveOrganizations: Some(Organizations, 0)),
                5 => new BanIssued(
                    Id("d" + _random.Next(1, 4)), "reg", "entity-list", Some(Models, 1),
                    new BanScope(BanScopeKind.Parties, Organizations: [Pick(Organizations)], Affiliates: _random.Next(4) > 0), ["basis"], from, To(), Source: Source(from)),
                _ => Ownership(from),
            };
        }

        return _random.Next(66) switch
        {
            0 or 1 or 55 => new ModelRegistered(Pick(Models), Id("p"), "Model", Pick(Enum.GetValues<ModelAvailability>()), from),
            2 or 3 or 56 or 57 => new OrganizationRegistered(Pick(Organizations), "Org", Pick(Countries), _random.Next(3) > 0, from),
            4 or 5 or 58 or 59 or 60 => new PersonEnrolled(Pick(People), Pick(Organizations), Some(Countries, 1), Pick(Enum.GetValues<UsPersonStatus>()), Pick(Countries), from),
            6 => new PersonRelocated(Pick(People), Pick(Countries), from),
            7 => new PersonOffboarded(Pick(People), from),
            8 or 9 => new PartnerProvisioned(Pick(Organizations), Pick(Models), from, _random.Next(4) == 0 ? Id("e" + _random.Next(1, 4)) : null),
            10 or 30 => new PartnerDeprovisioned(Pick(Organizations), Pick(Models), "ended", from),
            11 or 12 => new BanIssued(
                Id("d" + _random.Next(1, 4)), "reg", "letter", Some(Models, 1),
                _random.Next(5) switch
                {
                    0 => new BanScope(BanScopeKind.AllUsers),
                    1 => new BanScope(BanScopeKind.ForeignPersons),
                    2 => new BanScope(BanScopeKind.Nationalities, Some(Countries, 1)),
                    3 => new BanScope(BanScopeKind.Nationalities, Some(Countries, 0), Groups: [Id("cg" + _random.Next(1, 3))]),
                    _ => new BanScope(BanScopeKind.Destinations, Countries: Some(Countries, 0), Groups: _random.Next(2) == 0 ? null : [Id("cg" + _random.Next(1, 3))]),
                },
                ["basis"], from, To(), _random.Next(3) == 0 ? Some(Classes, 1) : null, _random.Next(3) == 0 ? Some(Activities, 1) : null, Source(from)),
            13 or 27 => new BanAmended(Id("d" + _random.Next(1, 4)), Some(Models, 0), Some(Models, 0), from, Source: Source(from)),
            14 => new BanLifted(Id("d" + _random.Next(1, 4)), from),
            15 => new SafeguardCertified(Id("g" + _random.Next(1, 3)), Id("p"), Some(Models, 1), "certifier", ["control"], from, To()),
            16 => new SafeguardWithdrawn(Id("g" + _random.Next(1, 3)), "lapsed", from),
            17 or 18 or 61 or 62 => new ExceptionGranted(
                Id("e" + _random.Next(1, 4)), [Id("d" + _random.Next(1, 4))], Some(Models, 1),
                _random.Next(3) switch
                {
                    0 => [new OrganizationEmployees(Some(Organizations, 1))],
                    1 => [new ProviderEmployees(Id("p"), Some(Countries, 0))],
                    _ => [new OrganizationEmployees(Some(Organizations, 1)), new ProviderEmployees(Id("p"), Some(Countries, 0))],
                },
                _random.Next(2) == 0 ? [] : [Id("g" + _random.Next(1, 3))], _random.Next(2) == 0, from, To(),
                _random.Next(3) == 0 ? Some(Classes, 1) : null, _random.Next(3) == 0 ? Some(Activities, 1) : null, Source(from)),
            19 or 28 or 29 => new ExceptionAmended(Id("e" + _random.Next(1, 4)), Some(Organizations, 0), Some(Organizations, 0), from, Source(from)),
            20 => new ExceptionRevoked(Id("e" + _random.Next(1, 4)), "revoked", from),
            21 or 22 => Lift(set, from),
            23 => new NegotiationOpened(Id("c1"), [Id("d" + _random.Next(1, 4))], ["regulator", "provider"], from),
            24 => new NegotiationClosed(Id("c1"), "settled", from),
            47 => new BanAmended(Id("d" + _random.Next(1, 4)), [], [], from, AddOrganizations: Some(Organizations, 0), RemoveOrganizations: Some(Organizations, 0)),
            48 or 51 or 63 or 64 or 65 => new BanIssued(
                Id("d" + _random.Next(1, 4)), "reg", "entity-list", Some(Models, 1),
                new BanScope(BanScopeKind.Parties, Organizations: _random.Next(2) == 0 ? [Pick(Organizations)] : Some(Organizations, 1), Affiliates: _random.Next(3) > 0), ["basis"], from, To(), Source: Source(from)),
            49 or 50 or 52 or 53 or 54 => Ownership(from),
            44 => new CountryGroupDefined(Id("cg" + _random.Next(1, 3)), "Group", Some(Countries, 1), from),
            45 or 46 => new CountryGroupAmended(Id("cg" + _random.Next(1, 3)), Some(Countries, 0), Some(Countries, 0), from),
            42 or 43 => new PersonStatusChanged(Pick(People), Some(Countries, 1), Pick(Enum.GetValues<UsPersonStatus>()), from),
            39 or 40 => new ModelClassified(Pick(Models), Some(Classes, 0), from),
            41 => new BanAmended(Id("d" + _random.Next(1, 4)), [], [], from, Some(Classes, 0), Some(Classes, 0)),
            31 => new BanValidityChanged(Id("d" + _random.Next(1, 4)), To(), from, Source(from)),
            32 => new BanSuspended(Id("d" + _random.Next(1, 4)), "paused", from, To(), Source(from)),
            33 => new BanReinstated(Id("d" + _random.Next(1, 4)), from, Source(from)),
            34 => new ExceptionValidityChanged(Id("e" + _random.Next(1, 4)), To(), from, Source(from)),
            35 or 37 => new ExceptionSuspended(Id("e" + _random.Next(1, 4)), "paused", from, To(), Source(from)),
            36 or 38 => new ExceptionReinstated(Id("e" + _random.Next(1, 4)), from),
            _ => new ProviderSuspensionStarted(Id("s" + _random.Next(1, 3)), Some(Models, 1), Pick(Enum.GetValues<SuspensionScope>()), "switch-off", from),
        };
    }

    /// <summary>A random knowledge basis for a question: half on notice (LEDGER.md section 7.2).</summary>
    public KnowledgeBasis Knowledge() => _random.Next(2) == 0 ? KnowledgeBasis.Recorded : KnowledgeBasis.Notice;

    // Direct owners among the other organizations, shares that often reach 50 % only together (aggregation) and
    // that run in circles (cycles), adding up to at most 100.
    private OwnershipRecorded Ownership(DateTimeOffset from)
    {
        var owned = Pick(Organizations);
        var owners = new List<Owner>();
        foreach (var owner in Some(Organizations.Where(o => o != owned).ToList(), 0))
        {
            var percent = Pick(new[] { 10m, 25m, 30m, 40m, 50m, 60m, 100m });
            if (owners.Sum(o => o.Percent) + percent <= 100)
            {
                owners.Add(new Owner(owner, percent));
            }
        }

        return new OwnershipRecorded(owned, owners, from);
    }

    // Most facts of instruments cite a source, most of those with a publication date near the fact's validFrom (while
    // the ledger records it whenever it does), some with a date of receipt.
    private Source? Source(DateTimeOffset? near = null) => _random.Next(3) == 0 ? null
        : new Source(
            Pick(Enum.GetValues<SourceKind>()),
            "91 FR 1",
            _random.Next(4) == 0 ? null : near is { } n ? n.AddDays(_random.Next(-3, 12)) : Instant(),
            _random.Next(4) == 0 ? Instant() : null);

    // A lift names models the suspension still holds for (or none: all of them), so that lifts get recorded.
    private ProviderSuspensionLifted Lift(TimelineSet set, DateTimeOffset from)
    {
        var id = Id("s" + _random.Next(1, 3));
        var held = set.Find<SuspensionTimeline>(id)?.ModelsStillSuspended().ToArray() ?? [];
        return new ProviderSuspensionLifted(id, held.Length == 0 || _random.Next(3) == 0 ? [] : Some(held, 1), from);
    }

    // Whole days and a few hours: instants collide often enough to exercise ties.
    private DateTimeOffset Instant() => _origin.AddDays(_random.Next(0, 80)).AddHours(_random.Next(3) * 6);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private string[] Some(IReadOnlyList<string> items, int atLeast)
    {
        var chosen = items.Where(_ => _random.Next(2) == 0).ToList();
        while (chosen.Count < atLeast)
        {
            chosen.Add(items.Except(chosen).ElementAt(_random.Next(items.Count - chosen.Count)));
        }

        return [.. chosen];
    }
}
