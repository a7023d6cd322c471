using System.Reflection;
using System.Runtime.ExceptionServices;
using ColdEmail.Instantly;
using ColdEmail.Warehouse;

namespace ColdEmail.Cli.Planning;

/// <summary>A dry run tried to write: a bug, never an outcome. `plan` fails loudly instead of writing.</summary>
public sealed class DryRunWriteRefusedException(string port, string method)
    : InvalidOperationException($"dry run: {port}.{method} is a write and was refused (nothing was written)");

/// <summary>
/// The ports `plan` hands the real sync and drain code: every read goes to the real adapter, every other method
/// (any write, including one added to a port later) is refused with <see cref="DryRunWriteRefusedException"/>. The dry run
/// never reaches a write by construction (it runs without the sync's write side and stops each drain batch before its
/// first write); these make a regression fail instead of writing.
/// </summary>
public static class ReadOnlyPorts
{
    /// <summary>The warehouse reads of the sync, the drain, orphan recovery and the operator verbs.</summary>
    public static readonly IReadOnlySet<string> WarehouseReads = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(ILeadWarehouse.StreamReadyLeadsAsync), nameof(ILeadWarehouse.StreamEligibilityAsync), nameof(ILeadWarehouse.CountActiveByCampaignAsync),
        nameof(ILeadWarehouse.LeadsDueForDrainAsync), nameof(ILeadWarehouse.DeadLettersDueAsync), nameof(ILeadWarehouse.ReadConfigAsync),
        nameof(ILeadWarehouse.ListRunsAsync), nameof(ILeadWarehouse.ListDeadLettersAsync), nameof(ILeadWarehouse.ExplainAsync),
        nameof(ILeadWarehouse.FindSuppressionAsync), nameof(ILeadWarehouse.DailyPerformanceAsync), nameof(ILeadWarehouse.CampaignRoiAsync), nameof(ILeadWarehouse.DrainReasonCountsAsync),
    };

    /// <summary>Instantly's reads (its list of leads is a POST that changes nothing).</summary>
    public static readonly IReadOnlySet<string> InstantlyReads = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(IInstantlyApi.ListLeadsAsync), nameof(IInstantlyApi.ListAllLeadsAsync), nameof(IInstantlyApi.GetLeadAsync),
        nameof(IInstantlyApi.GetCampaignAsync), nameof(IInstantlyApi.ListCampaignsAsync), nameof(IInstantlyApi.GetCampaignAnalyticsAsync),
        nameof(IInstantlyApi.GetEmailVerificationAsync),
    };

    public static ILeadWarehouse Warehouse(ILeadWarehouse inner) => ReadOnlyProxy<ILeadWarehouse>.Wrap(inner, WarehouseReads);

    public static IInstantlyApi Instantly(IInstantlyApi inner) => ReadOnlyProxy<IInstantlyApi>.Wrap(inner, InstantlyReads);
}

/// <summary>Forwards the allowed methods of <typeparamref name="T"/> to the real implementation and refuses the rest.</summary>
public class ReadOnlyProxy<T> : DispatchProxy where T : class
{
    private T _inner = null!;
    private IReadOnlySet<string> _reads = null!;

    internal static T Wrap(T inner, IReadOnlySet<string> reads)
    {
        var proxy = Create<T, ReadOnlyProxy<T>>();
        var self = (ReadOnlyProxy<T>)(object)proxy;
        self._inner = inner;
        self._reads = reads;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (!_reads.Contains(targetMethod.Name)) throw new DryRunWriteRefusedException(typeof(T).Name, targetMethod.Name);
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
