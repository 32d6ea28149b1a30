using AccessLedger.Wire;
using Shouldly;

namespace AccessLedger.Tests.Rules;

/// <summary>Asserts that the wire reader refuses a line, and returns why.</summary>
public static class Refused
{
    /// <summary>The error of <paramref name="line"/>, read as line <paramref name="number"/>; fails when the line is read as a command.</summary>
    public static WireError Line(string line, int number = 1)
    {
        var (command, error) = NdjsonReader.ParseLine(line, number);
        command.ShouldBeNull();
        error.ShouldNotBeNull();
        error.LineNumber.ShouldBe(number);
        return error;
    }
}
