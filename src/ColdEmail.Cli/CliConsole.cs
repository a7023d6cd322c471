namespace ColdEmail.Cli;

/// <summary>
/// Where a verb writes: results to <see cref="Out"/> (stdout, kept clean for --json), logs and progress to
/// <see cref="Err"/>. Tests pass string writers; <see cref="IsTerminal"/> picks progress bars over plain lines.
/// </summary>
public sealed record CliConsole(TextWriter Out, TextWriter Err, bool IsTerminal, Func<string, string?> Environment)
{
    public static CliConsole System() => new(
        Console.Out,
        Console.Error,
        !Console.IsErrorRedirected && !Console.IsOutputRedirected,
        global::System.Environment.GetEnvironmentVariable);

    public static CliConsole Captured(StringWriter output, StringWriter error, Func<string, string?>? environment = null) =>
        new(output, error, false, environment ?? (_ => null));
}
