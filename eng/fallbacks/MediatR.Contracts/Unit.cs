using System;
using System.Threading.Tasks;

namespace MediatR;

/// <summary>
/// Represents a void type, since <see cref="System.Void"/> is not a valid return type in C#.
/// </summary>
public readonly struct Unit : IEquatable<Unit>, IComparable<Unit>, IComparable
{
    private static readonly Unit _value = new();

    /// <summary>
    /// Default and only value of the <see cref="Unit"/> type.
    /// </summary>
    public static ref readonly Unit Value => ref _value;

    /// <summary>
    /// Task from a <see cref="Unit"/> type.
    /// </summary>
    public static Task<Unit> Task { get; } = System.Threading.Tasks.Task.FromResult(_value);

    /// <summary>Compares the current object with another object of the same type: all units are equal.</summary>
    /// <param name="other">An object to compare with this object.</param>
    /// <returns>Always zero.</returns>
    public int CompareTo(Unit other) => 0;

    /// <summary>Compares the current instance with another object: all units are equal.</summary>
    /// <param name="obj">An object to compare with this instance.</param>
    /// <returns>Always zero.</returns>
    int IComparable.CompareTo(object? obj) => 0;

    /// <summary>Returns a hash code for this instance.</summary>
    /// <returns>Always zero.</returns>
    public override int GetHashCode() => 0;

    /// <summary>Determines whether the current object is equal to another unit.</summary>
    /// <param name="other">An object to compare with this object.</param>
    /// <returns>Always <c>true</c>.</returns>
    public bool Equals(Unit other) => true;

    /// <summary>Determines whether the specified object is a unit.</summary>
    /// <param name="obj">The object to compare with the current instance.</param>
    /// <returns><c>true</c> if <paramref name="obj"/> is a <see cref="Unit"/>.</returns>
    public override bool Equals(object? obj) => obj is Unit;

    /// <summary>Determines whether two units are equal.</summary>
    /// <param name="first">The first object.</param>
    /// <param name="second">The second object.</param>
    /// <returns>Always <c>true</c>.</returns>
    public static bool operator ==(Unit first, Unit second) => true;

    /// <summary>Determines whether two units are not equal.</summary>
    /// <param name="first">The first object.</param>
    /// <param name="second">The second object.</param>
    /// <returns>Always <c>false</c>.</returns>
    public static bool operator !=(Unit first, Unit second) => false;

    /// <summary>Returns a string that represents this instance.</summary>
    /// <returns><c>()</c></returns>
    public override string ToString() => "()";
}
