using System.Text.Json.Serialization;

namespace AccessLedger.Events;

/// <summary>Who an exception relieves; the wire form carries a <c>kind</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(OrganizationEmployees), "organization_employees")]
[JsonDerivedType(typeof(ProviderEmployees), "provider_employees")]
public abstract record Beneficiary;

/// <summary>The employees of the listed organizations (the list changes with <c>exception_amended</c>).</summary>
/// <param name="Organizations">Organization ids.</param>
public sealed record OrganizationEmployees(IReadOnlyList<string> Organizations) : Beneficiary;

/// <summary>The provider's own employees while located in one of <paramref name="Locations"/> (empty: anywhere).</summary>
/// <param name="ProviderId">The provider, an organization id.</param>
/// <param name="Locations">ISO 3166-1 alpha-2 codes; empty means anywhere.</param>
public sealed record ProviderEmployees(string ProviderId, IReadOnlyList<string>? Locations = null) : Beneficiary;
