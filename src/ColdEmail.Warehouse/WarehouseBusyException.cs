namespace ColdEmail.Warehouse;

/// <summary>
/// The warehouse could not be opened because another process holds it (DuckDB's file lock) and did not let go within
/// the configured wait. A usage condition, not a bug: the CLI reports the message with exit code 2, and wherever it is
/// logged (a daemon's run that met a verb holding the file) it is one line: no stack trace, no inner engine exception.
/// </summary>
public sealed class WarehouseBusyException : WarehouseException
{
    public WarehouseBusyException(string message) : base(message)
    {
    }

    public override string? StackTrace => null;
}
