namespace ColdEmail.Cli;

/// <summary>A usage or configuration problem the user must fix; ends the verb with exit code 2 and this message.</summary>
public sealed class CliUsageException(string message) : Exception(message);
