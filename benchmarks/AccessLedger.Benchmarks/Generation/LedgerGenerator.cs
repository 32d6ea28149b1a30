using AccessLedger.Events;
using AccessLedger.Wire;

namespace AccessLedger.Benchmarks.Generation;

/// <summary>
/// Writes a synthetic but plausible ledger that passes the write rules in the order it is generated: recordedAt
/// rises evenly from 2020 to 2026; validFrom is mostly a little before recordedAt, sometimes months before
/// (retroactive), sometimes years before (late-recorded), sometimes ahead (future-dated). Where a rule depends on
/// the state at validFrom (enrolment, offboarding, provisioning), each entity's validFrom only moves forward, so the
/// state at the new validFrom is the state after its last event. Deterministic for a seed.
/// </summary>
internal sealed class LedgerGenerator
{
    public static readonly DateTimeOffset Start = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset End = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The ledger clock during and after the import: after the last stated recordedAt.</summary>
    public static readonly DateTimeOffset Clock = End.AddDays(1);

    private static readonly string[] Countries = ["US", "GB", "DE", "FR", "JP", "CA", "IN", "CN", "RU", "IR", "BR", "KR", "SG", "IL", "AE", "NL"];
    private static readonly string[] Sanctioned = ["CN", "RU", "IR", "KP", "BY"];
    private static readonly string[] Providers = ["anthropic", "openai", "google", "meta", "mistral", "xai", "cohere", "ai21"];

    // Version 2 (LEDGER.md section 7): classes of models, activities, country groups.
    private static readonly string[] Classes = ["frontier-class", "dual-use-class", "open-weights-class", "agentic-class"];
    private static readonly string[] ActivityNames = ["use", "weights_transfer", "fine_tuning", "security_research"];
    private static readonly string[] Groups = ["d-1", "d-5", "e-1"];

    private readonly Random _random;
    private readonly LedgerShape _shape;
    private readonly List<LedgerCommand> _commands;
    private readonly Dictionary<string, DateTimeOffset> _lastValid = new(StringComparer.Ordinal);

    private readonly List<string> _models = [];
    private readonly Dictionary<string, string> _providerOf = new(StringComparer.Ordinal);
    private readonly List<string> _organizations = [];
    private readonly List<string> _safeguards = [];
    private readonly List<string> _openSafeguards = [];
    private readonly List<(string Id, HashSet<string> Models)> _bans = [];
    private readonly List<string> _openBans = [];
    private readonly List<(string Id, HashSet<string> Organizations)> _exceptions = [];
    private readonly List<string> _openExceptions = [];
    private readonly List<(string Id, HashSet<string> Suspended)> _suspensions = [];
    private readonly List<string> _openNegotiations = [];
    private readonly List<string> _persons = [];
    private readonly Dictionary<string, bool> _enrolled = new(StringComparer.Ordinal);
    private readonly HashSet<(string Org, string Model)> _provisioned = [];
    private int _negotiations;
    private readonly Dictionary<string, DateTimeOffset> _instrumentFrom = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _banClasses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _suspendedFrom = new(StringComparer.Ordinal);

    private LedgerGenerator(LedgerShape shape, int seed)
    {
        _shape = shape;
        _random = new Random(seed);
        _commands = new List<LedgerCommand>(shape.Events);
    }

    /// <summary>A ledger of exactly <paramref name="events"/> events.</summary>
    public static SyntheticLedger Generate(int events, int seed = 20260612)
    {
        var generator = new LedgerGenerator(LedgerShape.For(events), seed);
        generator.Run();
        return new SyntheticLedger(generator._shape, generator._commands, generator._models, generator._persons, generator._organizations);
    }

    private int Remaining => _shape.Events - _commands.Count;

    // Whole seconds, so the chain's timestamptz and the header's text say the same instant.
    private DateTimeOffset RecordedAt => Start.AddSeconds(Math.Floor((End - Start).TotalSeconds * _commands.Count / _shape.Events));

    private void Run()
    {
        // Models and organizations exist from the start; a fifth of the rest is there early, the remainder arrives
        // over the years, interleaved with the churn.
        for (var i = 0; i < _shape.Models; i++)
        {
            RegisterModel();
        }

        for (var i = 0; i < _shape.Organizations; i++)
        {
            RegisterOrganization();
        }

        // Version 2's standing facts: the country groups, most models' classes, and who owns a fifth of the organizations.
        foreach (var group in Groups)
        {
            Add(new CountryGroupDefined(group, $"Country group {group}", PickSome(Countries, 2, 5), Start - TimeSpan.FromDays(365), SourceNear(Start)));
        }

        Repeat(_shape.Models * 3 / 5, () => Classify());
        Repeat(_shape.Organizations / 5, () => RecordOwnership());
        Repeat(_shape.Safeguards / 5 + 1, CertifySafeguard);
        Repeat(_shape.Bans / 5 + 1, IssueBan);
        Repeat(_shape.Exceptions / 5 + 1, GrantException);
        Repeat(_shape.Suspensions / 5 + 1, StartSuspension);

        while (Remaining > 0)
        {
            if (Quota(_persons.Count, _shape.Persons))
            {
                EnrolNewPerson();
            }
            else if (Quota(_bans.Count, _shape.Bans))
            {
                IssueBan();
            }
            else if (Quota(_safeguards.Count, _shape.Safeguards))
            {
                CertifySafeguard();
            }
            else if (Quota(_exceptions.Count, _shape.Exceptions))
            {
                GrantException();
            }
            else if (Quota(_suspensions.Count, _shape.Suspensions))
            {
                StartSuspension();
            }
            else
            {
                Churn();
            }
        }
    }

    private void Repeat(int times, Action action)
    {
        for (var i = 0; i < times && Remaining > 0; i++)
        {
            action();
        }
    }

    // Spreads the creation of `target` entities evenly over what is left of the event budget.
    private bool Quota(int created, int target) => created < target && _random.NextDouble() < (double)(target - created) / Remaining;

    private void Churn()
    {
        var roll = _random.NextDouble() * 100;
        var done = roll switch
        {
            < 38 => Relocate(),
            < 56 => OffboardOrReenrol(),
            < 57.5 => ChangeStatus(),
            < 95 => false,
            < 95.4 => Classify(),
            < 95.8 => RecordOwnership(),
            < 95.805 => AmendGroup(),
            < 96.5 => ChangeValidity(),
            < 98 => AmendBan(),
            < 99.3 => AmendException(),
            < 99.6 => OpenOrCloseNegotiation(),
            < 99.75 => LiftSuspension(),
            < 99.85 => LiftBan(),
            < 99.93 => RevokeException(),
            _ => WithdrawSafeguard(),
        };
        if (!done)
        {
            ToggleProvisioning();
        }
    }

    private void Add(ILedgerEvent e) =>
        _commands.Add(new LedgerCommand(e, $"bench-{_commands.Count}", "bench@accessledger", RecordedAt));

    // Mostly a little before recording; a share retroactive by months, late-recorded by years, or future-dated.
    private DateTimeOffset ValidFrom()
    {
        var recordedAt = RecordedAt;
        var roll = _random.NextDouble();
        return roll switch
        {
            < 0.80 => recordedAt - TimeSpan.FromMinutes(_random.Next(0, 2 * 24 * 60)),
            < 0.92 => recordedAt - TimeSpan.FromDays(2 + _random.Next(0, 118)),
            < 0.95 => recordedAt - TimeSpan.FromDays(120 + _random.Next(0, 580)),
            _ => recordedAt + TimeSpan.FromDays(1 + _random.Next(0, 30)),
        };
    }

    // A validFrom for an entity whose rules read the state at validFrom: never before its previous one.
    private DateTimeOffset ValidFromAfter(string key)
    {
        var candidate = ValidFrom();
        if (_lastValid.TryGetValue(key, out var last) && candidate <= last)
        {
            candidate = last.AddMinutes(1 + _random.Next(0, 600));
        }

        _lastValid[key] = candidate;
        return candidate;
    }

    private DateTimeOffset? ValidToAfter(DateTimeOffset from, double share) =>
        _random.NextDouble() < share ? from + TimeSpan.FromDays(30 + _random.Next(0, 900)) : null;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private List<T> PickSome<T>(IReadOnlyList<T> items, int min, int max)
    {
        var count = Math.Min(items.Count, _random.Next(min, max + 1));
        var chosen = new HashSet<T>();
        while (chosen.Count < count)
        {
            chosen.Add(Pick(items));
        }

        return [.. chosen];
    }

    private void RegisterModel()
    {
        var id = $"model-{_models.Count:D3}";
        var provider = Providers[_models.Count % Providers.Length];
        _models.Add(id);
        _providerOf[id] = provider;

        // One model in ten is registered only later in valid time, so some questions meet unknown_model.
        var validFrom = _random.NextDouble() < 0.1 ? Start + TimeSpan.FromDays(_random.Next(30, 1500)) : Start - TimeSpan.FromDays(_random.Next(0, 365));
        var availability = _random.NextDouble() < 0.3 ? ModelAvailability.Restricted : ModelAvailability.General;
        Add(new ModelRegistered(id, provider, $"Model {_models.Count}", availability, validFrom));
    }

    private void RegisterOrganization()
    {
        var id = $"org-{_organizations.Count:D5}";
        _organizations.Add(id);
        var country = _random.NextDouble() < 0.4 ? "US" : Pick(Countries);
        Add(new OrganizationRegistered(id, $"Organization {_organizations.Count}", country, country == "US", Start - TimeSpan.FromDays(_random.Next(0, 365))));
    }

    private void CertifySafeguard()
    {
        var id = $"cert-{_safeguards.Count:D4}";
        _safeguards.Add(id);
        _openSafeguards.Add(id);
        var models = PickSome(_models, 1, 3);
        var validFrom = ValidFrom();
        Add(new SafeguardCertified(id, _providerOf[models[0]], models, "cert-lab", ["audit-logging", "kyc"], validFrom, ValidToAfter(validFrom, 0.3)));
    }

    private void IssueBan()
    {
        var id = $"dir-{_bans.Count:D4}";
        var models = PickSome(_models, 1, 4);
        _bans.Add((id, [.. models]));
        _openBans.Add(id);
        var roll = _random.NextDouble();
        var scope = roll switch
        {
            < 0.45 => new BanScope(BanScopeKind.ForeignPersons),
            < 0.62 => new BanScope(BanScopeKind.Nationalities, PickSome(Sanctioned, 1, 3), Groups: _random.NextDouble() < 0.3 ? [Pick(Groups)] : null),
            < 0.72 => new BanScope(BanScopeKind.Destinations, Countries: PickSome(Sanctioned, 0, 2), Groups: [Pick(Groups)]),
            < 0.87 => new BanScope(BanScopeKind.Parties, Organizations: PickSome(_organizations, 1, 3), Affiliates: _random.NextDouble() < 0.5),
            _ => new BanScope(BanScopeKind.AllUsers),
        };
        var classes = _random.NextDouble() < 0.05 ? PickSome(Classes, 1, 2).ToArray() : null;
        _banClasses[id] = classes ?? [];
        var validFrom = ValidFrom();
        _instrumentFrom[id] = validFrom;
        Add(new BanIssued(
            id, "us-doc-bis", scope.Kind == BanScopeKind.Parties ? "entity-list" : "is-informed-letter", models, scope, ["15 CFR 744.22"], validFrom, ValidToAfter(validFrom, 0.2),
            classes, Activities(), SourceNear(validFrom)));
    }

    private void GrantException()
    {
        var id = $"exc-{_exceptions.Count:D4}";
        var bans = PickSome(_bans, 1, 2);
        var covered = bans.SelectMany(b => b.Models).Distinct().ToList();
        var organizations = PickSome(_organizations, 1, 20);
        _exceptions.Add((id, [.. organizations]));
        _openExceptions.Add(id);
        var models = PickSome(covered, 1, covered.Count);
        Beneficiary beneficiary = _random.NextDouble() < 0.8
            ? new OrganizationEmployees(organizations)
            : new ProviderEmployees(_providerOf[models[0]], PickSome(Countries, 0, 3));
        var safeguards = _safeguards.Count == 0 || _random.NextDouble() < 0.4 ? [] : PickSome(_safeguards, 1, 2);
        var banClasses = bans.SelectMany(b => _banClasses[b.Id]).Distinct().ToList();
        var classes = banClasses.Count > 0 && _random.NextDouble() < 0.5 ? PickSome(banClasses, 1, banClasses.Count) : null;
        var validFrom = ValidFrom();
        _instrumentFrom[id] = validFrom;
        Add(new ExceptionGranted(
            id, [.. bans.Select(b => b.Id)], models, [beneficiary], safeguards, _random.NextDouble() < 0.3, validFrom, ValidToAfter(validFrom, 0.3),
            classes, Activities(), SourceNear(validFrom)));
    }

    // Three instruments in ten name the activities they control or relieve (use among them more often than not).
    private string[]? Activities() => _random.NextDouble() < 0.3 ? [.. PickSome(ActivityNames, 1, 2)] : null;

    // Seven facts of instruments in ten cite the Federal Register, published a few days around their validFrom.
    private Source? SourceNear(DateTimeOffset validFrom) => _random.NextDouble() < 0.7
        ? new Source(SourceKind.FederalRegister, $"91 FR {_random.Next(10_000, 99_999)}", validFrom + TimeSpan.FromHours(_random.Next(-72, 24 * 10)))
        : null;

    private bool Classify()
    {
        var model = Pick(_models);
        Add(new ModelClassified(model, _random.NextDouble() < 0.1 ? [] : PickSome(Classes, 1, 2), ValidFrom()));
        return true;
    }

    // Ownership as groups of companies have it: a subsidiary (most organizations) owned by one or two holdings (the
    // first organization in twenty), a holding now and then by an older one; chains stay short. Shares add up to at
    // most 100.
    private bool RecordOwnership()
    {
        var holdings = Math.Max(5, _organizations.Count / 20);
        var ownedIndex = _random.NextDouble() < 0.98 ? _random.Next(holdings, _organizations.Count) : _random.Next(1, holdings);
        var owned = _organizations[ownedIndex];
        var owners = new List<Owner>();
        foreach (var owner in PickSome(_organizations.Take(Math.Min(ownedIndex, holdings)).ToList(), 1, 2))
        {
            var percent = (decimal)_random.Next(10, 80);
            if (owners.Sum(o => o.Percent) + percent <= 100)
            {
                owners.Add(new Owner(owner, percent));
            }
        }

        Add(new OwnershipRecorded(owned, owners, ValidFrom()));
        return true;
    }

    private bool AmendGroup()
    {
        var add = _random.NextDouble() < 0.5;
        Add(new CountryGroupAmended(Pick(Groups), add ? [Pick(Countries)] : [], add ? [] : [Pick(Countries)], ValidFrom(), SourceNear(ValidFrom())));
        return true;
    }

    private bool ChangeStatus()
    {
        if (_persons.Count == 0)
        {
            return false;
        }

        var person = Pick(_persons);
        var naturalized = _random.NextDouble() < 0.5;
        Add(new PersonStatusChanged(
            person, naturalized ? ["US"] : PickSome(Countries, 1, 2), naturalized ? UsPersonStatus.Citizen : UsPersonStatus.PermanentResident, ValidFromAfter(person)));
        return true;
    }

    // A live ban or exception extended or shortened, suspended (a third with a scheduled end), or reinstated.
    private bool ChangeValidity()
    {
        var ban = _random.NextDouble() < 0.6;
        var open = ban ? _openBans : _openExceptions;
        if (open.Count == 0)
        {
            return false;
        }

        var id = Pick(open);
        var from = ValidFrom();
        var roll = _random.NextDouble();
        if (roll < 0.5)
        {
            DateTimeOffset? to = _random.NextDouble() < 0.3 ? null : Later(from, _instrumentFrom[id]) + TimeSpan.FromDays(_random.Next(30, 700));
            Add(ban ? new BanValidityChanged(id, to, from, SourceNear(from)) : new ExceptionValidityChanged(id, to, from, SourceNear(from)));
        }
        else if (roll < 0.8 || !_suspendedFrom.TryGetValue(id, out var suspended))
        {
            DateTimeOffset? to = _random.NextDouble() < 0.3 ? from + TimeSpan.FromDays(_random.Next(7, 120)) : null;
            _suspendedFrom[id] = _suspendedFrom.TryGetValue(id, out var earlier) && earlier < from ? earlier : from;
            Add(ban ? new BanSuspended(id, "enforcement paused", from, to, SourceNear(from)) : new ExceptionSuspended(id, "under review", from, to, SourceNear(from)));
        }
        else
        {
            var at = suspended + TimeSpan.FromDays(_random.Next(1, 90));
            Add(ban ? new BanReinstated(id, at, SourceNear(at)) : new ExceptionReinstated(id, at, SourceNear(at)));
        }

        return true;
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private void StartSuspension()
    {
        var id = $"susp-{_suspensions.Count:D4}";
        var models = PickSome(_models, 1, 3);
        _suspensions.Add((id, [.. models]));
        var scope = _random.NextDouble() < 0.5 ? SuspensionScope.ForeignPersons : SuspensionScope.AllUsers;
        Add(new ProviderSuspensionStarted(id, models, scope, "provider review", ValidFrom()));
    }

    private void EnrolNewPerson()
    {
        var id = $"p-{_persons.Count:D6}";
        _persons.Add(id);
        Enrol(id);
    }

    private void Enrol(string personId)
    {
        var roll = _random.NextDouble();
        var status = roll switch
        {
            < 0.55 => UsPersonStatus.Citizen,
            < 0.65 => UsPersonStatus.PermanentResident,
            < 0.70 => UsPersonStatus.Protected,
            _ => UsPersonStatus.None,
        };
        var citizenships = status == UsPersonStatus.Citizen ? ["US"] : PickSome(Countries, 1, 2);
        _enrolled[personId] = true;
        Add(new PersonEnrolled(personId, Pick(_organizations), citizenships, status, Pick(Countries), ValidFromAfter(personId)));
    }

    private bool Relocate()
    {
        if (_persons.Count == 0)
        {
            return false;
        }

        var person = Pick(_persons);
        Add(new PersonRelocated(person, Pick(Countries), ValidFromAfter(person)));
        return true;
    }

    private bool OffboardOrReenrol()
    {
        if (_persons.Count == 0)
        {
            return false;
        }

        var person = Pick(_persons);
        if (_enrolled[person])
        {
            _enrolled[person] = false;
            Add(new PersonOffboarded(person, ValidFromAfter(person)));
        }
        else
        {
            Enrol(person);
        }

        return true;
    }

    private void ToggleProvisioning()
    {
        var pair = (Pick(_organizations), Pick(_models));
        var validFrom = ValidFromAfter($"{pair.Item1}/{pair.Item2}");
        if (_provisioned.Remove(pair))
        {
            Add(new PartnerDeprovisioned(pair.Item1, pair.Item2, "contract ended", validFrom));
        }
        else
        {
            _provisioned.Add(pair);
            var exceptionId = _openExceptions.Count > 0 && _random.NextDouble() < 0.2 ? Pick(_openExceptions) : null;
            Add(new PartnerProvisioned(pair.Item1, pair.Item2, validFrom, exceptionId));
        }
    }

    private bool AmendBan()
    {
        if (_openBans.Count == 0)
        {
            return false;
        }

        // The set keeps every model the ban ever covered: the exception rule reads that, not the current cover.
        var id = Pick(_openBans);
        var ban = _bans.Find(b => b.Id == id);
        var model = Pick(_models);
        var remove = ban.Models.Count > 1 && ban.Models.Contains(model);
        ban.Models.Add(model);
        Add(new BanAmended(ban.Id, remove ? [] : [model], remove ? [model] : [], ValidFrom()));
        return true;
    }

    private bool LiftBan() => Close(_openBans, id => new BanLifted(id, ValidFrom()));

    private bool AmendException()
    {
        if (_exceptions.Count == 0)
        {
            return false;
        }

        var (id, organizations) = Pick(_exceptions);
        var organization = Pick(_organizations);
        var remove = organizations.Remove(organization);
        if (!remove)
        {
            organizations.Add(organization);
        }

        Add(new ExceptionAmended(id, remove ? [] : [organization], remove ? [organization] : [], ValidFrom()));
        return true;
    }

    private bool RevokeException() => Close(_openExceptions, id => new ExceptionRevoked(id, "terms breached", ValidFrom()));

    private bool WithdrawSafeguard() => Close(_openSafeguards, id => new SafeguardWithdrawn(id, "audit failed", ValidFrom()));

    private bool LiftSuspension()
    {
        var open = _suspensions.Where(s => s.Suspended.Count > 0).ToList();
        if (open.Count == 0)
        {
            return false;
        }

        var (id, suspended) = Pick(open);
        var lifted = _random.NextDouble() < 0.5 ? [] : PickSome(suspended.ToList(), 1, suspended.Count);
        if (lifted.Count == 0)
        {
            suspended.Clear();
        }
        else
        {
            suspended.ExceptWith(lifted);
        }

        Add(new ProviderSuspensionLifted(id, lifted, ValidFrom()));
        return true;
    }

    private bool OpenOrCloseNegotiation()
    {
        if (_openNegotiations.Count > 0 && _random.NextDouble() < 0.45)
        {
            return Close(_openNegotiations, id => new NegotiationClosed(id, "settled", ValidFrom()));
        }

        if (_bans.Count == 0)
        {
            return false;
        }

        var id = $"case-{_negotiations++:D5}";
        _openNegotiations.Add(id);
        Add(new NegotiationOpened(id, [Pick(_bans).Id], ["us-doc-bis", Pick(Providers)], ValidFrom()));
        return true;
    }

    // Ends one open entity (lift, revoke, withdraw, close): each may end once.
    private bool Close(List<string> open, Func<string, ILedgerEvent> end)
    {
        if (open.Count == 0)
        {
            return false;
        }

        var index = _random.Next(open.Count);
        var id = open[index];
        open.RemoveAt(index);
        Add(end(id));
        return true;
    }
}
