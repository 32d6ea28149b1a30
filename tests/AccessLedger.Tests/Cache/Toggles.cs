using AccessLedger.Events;
using AccessLedger.Wire;

namespace AccessLedger.Tests.Cache;

/// <summary>
/// Writes that flip answers of the June episode: GridCo deprovisioned from, then provisioned for, Mythos 5, in turn
/// (Lena and Sam, both of GridCo, are denied `not_provisioned` between the two), one second of valid time apart in
/// November, before the test clock's now.
/// </summary>
internal static class Toggles
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The i-th toggle (0: deprovision) and whether GridCo's people are allowed Mythos 5 after it.</summary>
    public static (LedgerCommand Command, bool AllowedAfter) Toggle(int i, string prefix) => i % 2 == 0
        ? (new LedgerCommand(new PartnerDeprovisioned("gridco", "mythos-5", "toggle", Start.AddSeconds(i)), CommandId: $"{prefix}-{i}"), false)
        : (new LedgerCommand(new PartnerProvisioned("gridco", "mythos-5", Start.AddSeconds(i)), CommandId: $"{prefix}-{i}"), true);
}
