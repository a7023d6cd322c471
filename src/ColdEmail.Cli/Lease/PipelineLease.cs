using ColdEmail.Cli.Hosting;
using ColdEmail.Warehouse.Lease;

namespace ColdEmail.Cli.Lease;

/// <summary>
/// The sync/drain lease for the verbs that run the pipeline (`run`, `sync --once`, `drain --once`, `ledger`): they write
/// the warehouse and the actor journal, so a second such process on the same warehouse is refused (exit 2, naming the
/// holder) instead of becoming a second writer. Read-only verbs and warehouse-only verbs never take it.
/// </summary>
public static class PipelineLease
{
    /// <exception cref="CliUsageException">Another live process holds the lease (the message names host, pid and since).</exception>
    public static async Task<LeaseKeeper?> AcquireAsync(WarehouseSession session, VerbContext ctx, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(ctx);
        if (session.Warehouse is not ILeaseWarehouse warehouse)
        {
            ctx.Logger.Warning("This warehouse adapter has no sync/drain lease; nothing stops a second process from syncing it");
            return null;
        }
        LeaseKeeper keeper;
        try
        {
            keeper = await LeaseKeeper.AcquireAsync(warehouse, LeaseHolder.ThisProcess(), session.Settings.Lease.Ttl, time, ct);
        }
        catch (LeaseHeldException e)
        {
            throw new CliUsageException(e.Message);
        }
        keeper.RenewalFailed += e => ctx.Logger.Warning("Renewing the sync/drain lease failed: {Error}; retrying at the next renewal", e.Message);
        ctx.Logger.Debug("Holding the sync/drain lease at epoch {Epoch} (coldemail.lease.ttl {Ttl})", keeper.Grant.Epoch, session.Settings.Lease.Ttl);
        return keeper;
    }
}

/// <summary>What a process does when its lease is taken over: it stops (its writes are refused anyway).</summary>
public static class LeaseLossHandling
{
    public static void OnLostStop(this LeaseKeeper keeper, PipelineRuntime runtime, Serilog.ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(keeper);
        ArgumentNullException.ThrowIfNull(runtime);
        keeper.Lost += message =>
        {
            logger.Error("{Message}; stopping", message);
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
                .GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>(runtime.Host.Services).StopApplication();
        };
    }
}
