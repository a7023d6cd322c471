using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence;
using ColdEmail.Pipeline.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PersistenceSettings = ColdEmail.Pipeline.Settings.PersistenceSettings;

namespace ColdEmail.Pipeline.Persistence;

/// <summary>
/// Creates the journal, snapshot and sharding tables once (`coldemail init`), so cluster nodes can run with auto-initialize off
/// and never race each other on PostgreSQL's non-atomic CREATE TABLE IF NOT EXISTS. It lets the plugins create their own
/// tables (exactly the DDL they expect) by starting each plugin with auto-initialize on and waiting for its first answer.
/// </summary>
public static class PersistenceSchema
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(60);

    public static async Task CreateAsync(PersistenceSettings settings, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Services.AddAkka("coldemail-init", (akka, _) =>
        {
            akka.ConfigureLoggers(l => l.LogLevel = Akka.Event.LogLevel.WarningLevel);
            akka.AddColdEmailJournal(settings, autoInitialize: true);
        });
        using var host = builder.Build();
        await host.StartAsync(ct).ConfigureAwait(false);
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            var persistence = Akka.Persistence.Persistence.Instance.Apply(system);
            var plugins = settings.Kind == PersistenceKind.Postgres
                ? new[] { ("akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql"),
                          ("akka.persistence.journal." + JournalHosting.ShardingPluginIdentifier, "akka.persistence.snapshot-store." + JournalHosting.ShardingPluginIdentifier) }
                : [("akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql")];
            foreach (var (journalId, snapshotId) in plugins)
            {
                await TouchJournalAsync(system, persistence.JournalFor(journalId), ct).ConfigureAwait(false);
                var loaded = await persistence.SnapshotStoreFor(snapshotId)
                    .Ask<object>(new LoadSnapshot("coldemail-init", SnapshotSelectionCriteria.Latest, long.MaxValue), AnswerTimeout, ct).ConfigureAwait(false);
                if (loaded is LoadSnapshotFailed failed) throw new InvalidOperationException($"snapshot store {snapshotId}: {failed.Cause.Message}", failed.Cause);
            }
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>A replay answers only once the plugin's tables exist (the plugin stashes everything until it has created them).</summary>
    private static async Task TouchJournalAsync(ActorSystem system, IActorRef journal, CancellationToken ct)
    {
        var inbox = Inbox.Create(system);
        journal.Tell(new ReplayMessages(1, long.MaxValue, 1, "coldemail-init", inbox.Receiver));
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            switch (await inbox.ReceiveAsync(AnswerTimeout).ConfigureAwait(false))
            {
                case RecoverySuccess:
                    return;
                case ReplayMessagesFailure failure:
                    throw new InvalidOperationException($"journal: {failure.Cause.Message}", failure.Cause);
            }
        }
    }
}
