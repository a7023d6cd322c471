namespace ColdEmail.Cli;

/// <summary>The process exit codes every verb uses (documented in the README).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The run finished but something in it failed (dead letters, a campaign that could not sync…).</summary>
    public const int RunFailed = 1;
    /// <summary>Bad command line or configuration; the message names the key or file.</summary>
    public const int UsageOrConfig = 2;
}
