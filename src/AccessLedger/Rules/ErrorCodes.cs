namespace AccessLedger.Rules;

/// <summary>The stable codes of the errors a caller can cause. Scripts and services match on these; never rename one.</summary>
public static class ErrorCodes
{
    /// <summary>A field is missing, unknown, null, or not of its form (slug, country, enum value, timestamp); a list holds a null.</summary>
    public const string InvalidField = "invalid_field";

    /// <summary>A line that is not one JSON object.</summary>
    public const string Malformed = "malformed";

    /// <summary>A field written twice in the same object; which one counts would be a guess.</summary>
    public const string DuplicateField = "duplicate_field";

    /// <summary>
    /// Text the ledger cannot store or show safely: bytes that are not UTF-8, a NUL character, half of a surrogate
    /// pair, or a control character where none belongs (an ANSI escape in an actor, a newline in an identifier).
    /// </summary>
    public const string InvalidText = "invalid_text";

    /// <summary>A line, a field or a list larger than its limit (docs/ledger.md, "Limits"; <see cref="InputLimits"/>).</summary>
    public const string TooLarge = "too_large";

    /// <summary>A stated instant finer than a microsecond, the precision the ledger stores.</summary>
    public const string TooPrecise = "too_precise";

    /// <summary>A <c>type</c> that is not an event of the contract.</summary>
    public const string UnknownEventType = "unknown_event_type";

    /// <summary><c>validTo</c> is not after <c>validFrom</c>.</summary>
    public const string InvalidInterval = "invalid_interval";

    /// <summary>The entity an event opens (a ban, exception, organization, ...) exists already.</summary>
    public const string AlreadyExists = "already_exists";

    /// <summary>A ban that is amended, lifted or relieved was never issued.</summary>
    public const string UnknownDirective = "unknown_directive";

    /// <summary>An exception that is amended, revoked or cited was never granted.</summary>
    public const string UnknownException = "unknown_exception";

    /// <summary>A safeguard that is withdrawn or required was never certified.</summary>
    public const string UnknownSafeguard = "unknown_safeguard";

    /// <summary>A negotiation that is closed was never opened.</summary>
    public const string UnknownNegotiation = "unknown_negotiation";

    /// <summary>A suspension that is lifted was never started.</summary>
    public const string UnknownSuspension = "unknown_suspension";

    /// <summary>An organization that is provisioned or enrolled into, or that an audit report is narrowed to, is not registered.</summary>
    public const string UnknownOrganization = "unknown_organization";

    /// <summary>A model that is provisioned, or that an audit report is asked about, is not registered.</summary>
    public const string UnknownModel = "unknown_model";

    /// <summary>A person who is relocated or offboarded, or that an audit report is narrowed to, is not enrolled.</summary>
    public const string UnknownPerson = "unknown_person";

    /// <summary>A ban or an amendment names a country group that was never defined.</summary>
    public const string UnknownCountryGroup = "unknown_country_group";

    /// <summary>Something that has ended (lifted, revoked, withdrawn, closed, offboarded) is ended again.</summary>
    public const string AlreadyEnded = "already_ended";

    /// <summary>An exception names a model that none of its directives covers.</summary>
    public const string ModelNotCovered = "model_not_covered";

    /// <summary>Provisioning a pair that is provisioned, or enrolling a person who is enrolled, at that validFrom.</summary>
    public const string AlreadyProvisioned = "already_provisioned";

    /// <summary>Deprovisioning a pair that is not provisioned at that validFrom.</summary>
    public const string NotProvisioned = "not_provisioned";

    /// <summary>Enrolling a person who is enrolled at that validFrom.</summary>
    public const string AlreadyEnrolled = "already_enrolled";

    /// <summary>A <c>commandId</c> used before with another payload.</summary>
    public const string IdempotencyConflict = "idempotency_conflict";

    /// <summary>A stated <c>recordedAt</c> earlier than what the ledger recorded last, or later than its clock.</summary>
    public const string RecordedAtOutOfOrder = "recorded_at_out_of_order";

    /// <summary>Another writer changed a stream since it was read.</summary>
    public const string ConcurrencyConflict = "concurrency_conflict";
}
