namespace AccessLedger.Events;

/// <summary>Who may use a model when no ban or suspension stands in the way.</summary>
public enum ModelAvailability
{
    /// <summary>Anyone whose organization is registered.</summary>
    General,

    /// <summary>Only organizations provisioned for the model.</summary>
    Restricted,
}

/// <summary>Whom a provider suspension reaches.</summary>
public enum SuspensionScope
{
    /// <summary>Everyone.</summary>
    AllUsers,

    /// <summary>Foreign persons, and anyone whose organization is not a US person.</summary>
    ForeignPersons,
}

/// <summary>Whom a ban reaches.</summary>
public enum BanScopeKind
{
    /// <summary>Everyone.</summary>
    AllUsers,

    /// <summary>Foreign persons, and anyone whose organization is not a US person.</summary>
    ForeignPersons,

    /// <summary>Anyone holding one of the listed citizenships, or a citizenship of a member of one of the listed country groups.</summary>
    Nationalities,

    /// <summary>Anyone located in one of the listed countries, or in a member of one of the listed country groups (LEDGER.md section 7.1).</summary>
    Destinations,

    /// <summary>The employees of the listed organizations: an Entity List entry (LEDGER.md section 7.1; gate <c>restricted_party</c>).</summary>
    Parties,
}

/// <summary>A person's status under US export-control law; only <see cref="None"/> is a foreign person.</summary>
public enum UsPersonStatus
{
    /// <summary>A US citizen.</summary>
    Citizen,

    /// <summary>A lawful permanent resident.</summary>
    PermanentResident,

    /// <summary>A protected individual (8 U.S.C. 1324b(a)(3)).</summary>
    Protected,

    /// <summary>Not a US person: a foreign person.</summary>
    None,
}

/// <summary>Where a fact of an instrument came from (LEDGER.md section 7.1).</summary>
public enum SourceKind
{
    /// <summary>A rule or notice published in the Federal Register.</summary>
    FederalRegister,

    /// <summary>A letter to the company (e.g. an is-informed letter).</summary>
    Letter,

    /// <summary>A press release.</summary>
    PressRelease,

    /// <summary>Published guidance (FAQs, advisory opinions).</summary>
    Guidance,

    /// <summary>A licence issued to the company.</summary>
    Licence,

    /// <summary>Anything else.</summary>
    Other,
}
