using System.CommandLine;

namespace ColdEmail.Cli;

/// <summary>Options every verb accepts.</summary>
public static class GlobalOptions
{
    public static readonly Option<string?> Config = new("--config", "-c")
    {
        Description = "HOCON file layered over the built-in defaults (hocon/coldemail.conf)",
        Recursive = true,
    };

    public static readonly Option<string> LogFormat = new("--log-format")
    {
        Description = "Log lines on stderr: text (human-readable) or json (compact JSON)",
        DefaultValueFactory = _ => "text",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Debug-level logs",
        Recursive = true,
    };

    static GlobalOptions() => LogFormat.AcceptOnlyFromAmong("text", "json");
}
