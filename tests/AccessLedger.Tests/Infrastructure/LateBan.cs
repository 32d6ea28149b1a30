using AccessLedger.Wire;

namespace AccessLedger.Tests.Infrastructure;

/// <summary>
/// A small episode after the autumn scenario's a2–a6 (LEDGER.md section 7), for the audit questions' activity and
/// knowledge basis. gridco and prov are US organizations; lena (gridco) is a foreign person (DE), sam (gridco) a US
/// citizen. mythos-5-1 is generally available from 3 August, classified mythos-class. The rule d2 on the class bars
/// foreign persons from 1 August 04:00; it was published on 4 August 10:00 (91 FR 50001) but recorded only on
/// 10 August 15:00. The exception e2 relieves d2 for gridco's staff, for the activity <c>use</c> only, from 12 August
/// 04:00 (91 FR 52002, published and recorded on 14 August).
/// </summary>
public static class LateBan
{
    /// <summary>The model.</summary>
    public const string Model = "mythos-5-1";

    /// <summary>The episode in the wire format.</summary>
    public static IReadOnlyList<string> Lines { get; } =
    [
        """{"type":"organization_registered","recordedAt":"2026-07-01T09:00:00Z","data":{"orgId":"prov","name":"Provider","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}""",
        """{"type":"organization_registered","recordedAt":"2026-07-01T09:00:01Z","data":{"orgId":"gridco","name":"GridCo Transmission","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}""",
        """{"type":"person_enrolled","recordedAt":"2026-07-01T09:01:00Z","data":{"personId":"lena","orgId":"gridco","citizenships":["DE"],"usPersonStatus":"none","location":"US","validFrom":"2026-06-01T00:00:00Z"}}""",
        """{"type":"person_enrolled","recordedAt":"2026-07-01T09:01:01Z","data":{"personId":"sam","orgId":"gridco","citizenships":["US"],"usPersonStatus":"citizen","location":"US","validFrom":"2026-06-01T00:00:00Z"}}""",
        """{"type":"model_registered","recordedAt":"2026-08-03T12:00:00Z","data":{"modelId":"mythos-5-1","providerId":"prov","name":"Mythos 5.1","availability":"general","validFrom":"2026-08-03T00:00:00Z"}}""",
        """{"type":"model_classified","recordedAt":"2026-08-03T12:00:01Z","data":{"modelId":"mythos-5-1","classes":["mythos-class"],"validFrom":"2026-08-03T00:00:00Z"}}""",
        """{"type":"ban_issued","recordedAt":"2026-08-10T15:00:00Z","data":{"directiveId":"d2","regulator":"us-doc-bis","instrument":"interim-final-rule","models":[],"classes":["mythos-class"],"scope":{"kind":"foreign_persons"},"legalBasis":["15 CFR 744.23"],"validFrom":"2026-08-01T04:00:00Z","source":{"kind":"federal_register","citation":"91 FR 50001","publishedAt":"2026-08-04T10:00:00Z"}}}""",
        """{"type":"exception_granted","recordedAt":"2026-08-14T16:00:00Z","data":{"exceptionId":"e2","directiveIds":["d2"],"models":[],"classes":["mythos-class"],"activities":["use"],"beneficiaries":[{"kind":"organization_employees","organizations":["gridco"]}],"requiresSafeguards":[],"requiresProvisioning":false,"validFrom":"2026-08-12T04:00:00Z","source":{"kind":"federal_register","citation":"91 FR 52002","publishedAt":"2026-08-14T10:00:00Z"}}}""",
    ];

    /// <summary>The episode as commands.</summary>
    public static IReadOnlyList<LedgerCommand> Commands()
    {
        using var reader = new StringReader(string.Join('\n', Lines));
        return NdjsonReader.Read(reader).Select(l => l.Command ?? throw new InvalidOperationException(l.Error!.ToString())).ToList();
    }

    /// <summary>An instant of the episode.</summary>
    public static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
}
