using System.Globalization;
using ColdEmail.Domain.Inventory;
using ColdEmail.Warehouse;
using Serilog;

namespace ColdEmail.Pipeline.Inventory;

/// <summary>
/// The auto-scaled inventory multiplier: drain-rate volatility over the lookback and the 7-day reply
/// rate from the warehouse, the day of week from the injected clock, the seed's formula from the
/// domain (bounded). Off, too little history, or a warehouse without the history port: the fixed
/// multiplier, with the reason. A computed answer is reused for the rest of its UTC day.
/// </summary>
public sealed class InventoryMultiplierService : IInventoryMultiplierSource
{
    private readonly IOpsWarehouse? _warehouse;
    private readonly TimeProvider _time;
    private readonly ILogger _log = Log.ForContext<InventoryMultiplierService>();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile AutoScaleOptions _options;
    private (DateOnly Day, AutoScaleOptions Options, MultiplierAnswer Answer)? _cached;

    public InventoryMultiplierService(IOpsWarehouse? warehouse, TimeProvider time, AutoScaleOptions options)
    {
        options.Validate();
        _warehouse = warehouse;
        _time = time;
        _options = options;
    }

    /// <summary>Live reload; the next question recomputes.</summary>
    public void Apply(AutoScaleOptions options)
    {
        options.Validate();
        _options = options;
    }

    public async Task<MultiplierAnswer> CurrentAsync(CancellationToken ct = default)
    {
        var options = _options;
        if (!options.Enabled)
            return new MultiplierAnswer(options.FixedMultiplier, false, $"auto-scale off: fixed inventory multiplier {F(options.FixedMultiplier)}");
        if (_warehouse is null)
            return new MultiplierAnswer(options.FixedMultiplier, false, $"auto-scale on, but this warehouse keeps no drain history: fixed {F(options.FixedMultiplier)}");

        var now = _time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_cached is { } c && c.Day == today && ReferenceEquals(c.Options, options)) return c.Answer;
            var answer = await ComputeAsync(options, now, today, ct).ConfigureAwait(false);
            _cached = (today, options, answer);
            _log.Information("Inventory multiplier {Multiplier}: {Reason}", answer.Value, answer.Reason);
            return answer;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<MultiplierAnswer> ComputeAsync(AutoScaleOptions options, DateTimeOffset now, DateOnly today, CancellationToken ct)
    {
        // Whole days only: today is still running, its rate would look low.
        var days = await _warehouse!.DailyDrainCountsAsync(today.AddDays(-options.DrainLookbackDays), today, ct).ConfigureAwait(false);
        var drain = DrainStatistics.From(days);
        if (drain.Days < options.MinDaysOfHistory)
            return new MultiplierAnswer(options.FixedMultiplier, false,
                $"auto-scale on, but only {drain.Days} of the last {options.DrainLookbackDays} days had inventory (need {options.MinDaysOfHistory}): fixed {F(options.FixedMultiplier)}");

        var replies = await _warehouse.ReplyCountsAsync(now.AddDays(-options.ReplyWindowDays), now, ct).ConfigureAwait(false);
        var replyRate = replies.LeadsInCampaign > 0 ? (double)replies.Replied / replies.LeadsInCampaign : 0;
        var result = InventoryMultiplier.Calculate(new MultiplierInputs(drain.StdDev, replyRate, now.DayOfWeek), options.Policy);
        var reason = $"drain rate over {drain.Days} days: mean {F(drain.MeanRate)}, std dev {F(drain.StdDev)}; " +
                     $"{replies.Replied} of {replies.LeadsInCampaign} leads replied in {options.ReplyWindowDays} days; {result.Reason}";
        return new MultiplierAnswer(result.Value, true, reason);
    }

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
