using ColdEmail.Warehouse;
using ColdEmail.Warehouse.Lease;

namespace ColdEmail.Cli.Lease;

/// <summary>
/// Failures that come from another process using the same warehouse (DuckDB's file lock outlasting the wait, the
/// sync/drain lease held or lost), wherever they surface: directly, or wrapped by a task or an actor's reply.
/// </summary>
public static class WarehouseContention
{
    /// <summary>2 when another process holds the file or the lease, 1 when this one lost its lease; null otherwise.</summary>
    public static int? ExitCode(Exception e) => Find(e) switch
    {
        WarehouseBusyException or LeaseHeldException => ExitCodes.UsageOrConfig,
        LeaseLostException => ExitCodes.RunFailed,
        _ => null,
    };

    public static string Message(Exception e) => Find(e)?.Message ?? e.Message;

    private static WarehouseException? Find(Exception? e)
    {
        for (var depth = 0; e is not null && depth < 8; depth++, e = e.InnerException)
        {
            if (e is WarehouseBusyException or LeaseHeldException or LeaseLostException) return (WarehouseException)e;
        }
        return null;
    }
}
