using System.Collections.Frozen;

namespace AccessLedger.Rules;

/// <summary>ISO 3166-1 alpha-2: the officially assigned codes (user-assigned codes are not among them).</summary>
internal static class Countries
{
    private const string Assigned =
        "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
        "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
        "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
        "KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT " +
        "MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW " +
        "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG " +
        "UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

    private static readonly FrozenSet<string> Codes = Assigned.Split(' ').ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The normalised code, or an explanation of why <paramref name="code"/> is not a country.</summary>
    public static (string? Code, string? Problem) Normalize(string code)
    {
        // Two ASCII letters, and nothing else: upper-casing alone turns a long s 'ſ' into 'S', so 'ſe' would pass as SE.
        if (code.Length != 2 || !char.IsAsciiLetter(code[0]) || !char.IsAsciiLetter(code[1]))
        {
            return (null, $"{TextRules.Quote(code)} is not an ISO 3166-1 alpha-2 country code (two letters, like GB).");
        }

        var upper = code.ToUpperInvariant();
        if (upper == "UK")
        {
            return (null, "'UK' is not an ISO 3166-1 code; the United Kingdom is 'GB'.");
        }

        if (upper == "AA" || upper == "ZZ" || (upper[0] == 'Q' && upper[1] >= 'M') || upper[0] == 'X')
        {
            return (null, $"'{code}' is a user-assigned code, not a country.");
        }

        return Codes.Contains(upper) ? (upper, null) : (null, $"'{code}' is not an ISO 3166-1 alpha-2 country code.");
    }
}
