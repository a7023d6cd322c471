namespace ColdEmail.Warehouse;

/// <summary>
/// The warehouse could not be opened because another process holds it (DuckDB's file lock) and did not let go within
/// the configured wait. A usage condition, not a bug: the CLI reports the message with exit code 2, never a stack trace.
/// </summary>
public sealed class WarehouseBusyException : WarehouseException
{
    public WarehouseBusyException(string message, Exception inner) : base(message, inner)
    {
    }
}
