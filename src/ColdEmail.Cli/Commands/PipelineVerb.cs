using System.CommandLine;
using ColdEmail.Cli.Hosting;
using ColdEmail.Cli.Lease;
using Microsoft.Extensions.DependencyInjection;

namespace ColdEmail.Cli.Commands;

/// <summary>Opens warehouse, Instantly (or the sandbox) and the actor pipeline for the verbs that run it.</summary>
public static class PipelineVerb
{
    public static readonly Option<bool> Sandbox = new("--sandbox")
    {
        Description = "Rehearse against an in-process Instantly simulator, on a temporary copy of the DuckDB warehouse and journal " +
                      "(the configured ones are never written; refused for BigQuery/PostgreSQL: use `plan`)",
    };

    public static async Task<int> RunAsync(VerbContext ctx, bool sandbox, CancellationToken ct,
        Func<PipelineRuntime, WarehouseSession, Task<int>> body, Action<IServiceCollection>? services = null, bool clusterNode = false)
    {
        var time = TimeProvider.System;
        RehearsalCopy? rehearsal = null;
        if (sandbox)
        {
            rehearsal = RehearsalCopy.Create(ctx.LoadFileSettings().Settings, time);
            await ctx.Console.Err.WriteLineAsync(rehearsal.Notice);
        }
        await using var session = await WarehouseSession.OpenAsync(ctx, time, ensureSchema: true, ct, rehearsal is null ? null : rehearsal.Redirect);
        if (session.Settings.Cluster.Enabled && !clusterNode)
        {
            throw new CliUsageException("coldemail.cluster.enabled = on: only `coldemail run` joins the cluster as a node; one-shot verbs run with it off");
        }
        if (session.Settings.Cluster.Enabled && session.Settings.Persistence.Kind != Pipeline.Settings.PersistenceKind.Postgres)
        {
            throw new CliUsageException("coldemail.cluster.enabled = on needs coldemail.persistence.kind = postgres (every node must reach the same journal)");
        }
        if (session.Settings.Cluster.Enabled && sandbox)
        {
            throw new CliUsageException("--sandbox is a one-process rehearsal; it cannot run with coldemail.cluster.enabled = on");
        }
        await using var instantly = await InstantlyConnection.OpenAsync(session.Settings, sandbox, time, ct);
        if (instantly.Sandbox is { } s)
        {
            ctx.Logger.Information("Using the in-process sandbox at {Address}", s.BaseAddress);
        }
        // A rehearsal works on its own copy: it takes no lease on the configured warehouse (nor honours the copied row).
        // Cluster nodes share the warehouse by design: their singletons, not the lease, keep one sync and one drain.
        await using var lease = sandbox || session.Settings.Cluster.Enabled ? null : await PipelineLease.AcquireAsync(session, ctx, time, ct);
        var notifier = NotifierFactory.Create(session.Settings.Notifications, ctx.Logger, time);
        await using var runtime = await PipelineRuntime.StartAsync(
            new PipelineRuntimeOptions(session.Settings, session.Warehouse, instantly.Api, time, ctx.Logger, notifier, instantly.CampaignIds, services), ct);
        lease?.OnLostStop(runtime, ctx.Logger);
        return await body(runtime, session);
    }
}
