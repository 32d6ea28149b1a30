using AccessLedger.Wire;

namespace AccessLedger.Tests.Cache;

/// <summary>
/// A small ledger whose one answer the clock flips: person p1 (a foreign person at o1) may use m1 only under
/// exception x1 from ban b1, and x1 ends at a stated instant (its validTo).
/// </summary>
internal static class Expiring
{
    public static IReadOnlyList<LedgerCommand> Commands(DateTimeOffset exceptionEnds)
    {
        var lines = $$$"""
            {"type":"organization_registered","data":{"orgId":"prov","name":"Provider","country":"US","usPerson":true,"validFrom":"2026-01-01T00:00:00Z"}}
            {"type":"model_registered","data":{"modelId":"m1","providerId":"prov","name":"M1","availability":"general","validFrom":"2026-01-01T00:00:00Z"}}
            {"type":"organization_registered","data":{"orgId":"o1","name":"O1","country":"US","usPerson":true,"validFrom":"2026-01-01T00:00:00Z"}}
            {"type":"person_enrolled","data":{"personId":"p1","orgId":"o1","citizenships":["DE"],"usPersonStatus":"none","location":"US","validFrom":"2026-01-01T00:00:00Z"}}
            {"type":"ban_issued","data":{"directiveId":"b1","regulator":"r","instrument":"letter","models":["m1"],"scope":{"kind":"foreign_persons"},"legalBasis":["x"],"validFrom":"2026-01-01T00:00:00Z"}}
            {"type":"exception_granted","data":{"exceptionId":"x1","directiveIds":["b1"],"models":["m1"],"beneficiaries":[{"kind":"organization_employees","organizations":["o1"]}],"requiresSafeguards":[],"requiresProvisioning":false,"validFrom":"2026-01-01T00:00:00Z","validTo":"{{{LedgerJson.Format(exceptionEnds)}}}"}}
            """;
        return NdjsonReader.Read(new StringReader(lines)).Select(l => l.Command ?? throw new InvalidOperationException(l.Error!.ToString())).ToList();
    }

    /// <summary>An instant in whole seconds, at least <paramref name="after"/> from <paramref name="now"/>.</summary>
    public static DateTimeOffset WholeSecondAfter(DateTimeOffset now, TimeSpan after)
    {
        var t = now + after;
        return new DateTimeOffset(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(1);
    }
}
