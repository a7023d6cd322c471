using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Protocol;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Pipeline.Supervision;
using ColdEmail.Warehouse;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ColdEmail.Pipeline.Hosting;

/// <summary>Akka.Hosting registration of the pipeline and its SQLite journal.</summary>
public static class PipelineHosting
{
    public const string DefaultJournalFile = "data/coldemail.db";

    /// <summary>
    /// Starts the <see cref="PipelineSupervisor"/> and registers it in the ActorRegistry. It takes from
    /// the service provider: <see cref="IInstantlyApi"/> (the raw adapter; the pipeline wraps it in its
    /// gateway) and <see cref="ILeadWarehouse"/> (both required), <see cref="TimeProvider"/> (default:
    /// system clock) and <see cref="IRunNotifier"/> (default: logging).
    /// </summary>
    public static AkkaConfigurationBuilder AddColdEmailPipeline(this AkkaConfigurationBuilder builder, PipelineOptions options)
    {
        options.Validate();
        return builder.WithColdEmailProtocol().WithActors((system, registry, resolver) =>
        {
            var instantly = resolver.GetService<IInstantlyApi>()
                ?? throw new InvalidOperationException("AddColdEmailPipeline needs an IInstantlyApi in the service provider");
            var warehouse = resolver.GetService<ILeadWarehouse>()
                ?? throw new InvalidOperationException("AddColdEmailPipeline needs an ILeadWarehouse in the service provider");
            var time = resolver.GetService<TimeProvider>() ?? TimeProvider.System;
            var notifier = resolver.GetService<IRunNotifier>() ?? new LoggingRunNotifier();
            var supervisor = system.ActorOf(PipelineSupervisor.Props(options, instantly, warehouse, time, notifier), PipelineSupervisor.Name);
            registry.Register<PipelineSupervisor>(supervisor);
        });
    }

    /// <summary>Journal and snapshot store on SQLite (Akka.Persistence.Sql); the schema is created on first use.</summary>
    public static AkkaConfigurationBuilder AddColdEmailPersistence(this AkkaConfigurationBuilder builder, string databaseFile = DefaultJournalFile)
    {
        var path = Path.GetFullPath(databaseFile);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var connection = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
        UseWriteAheadLog(connection);
        return builder.WithSqlPersistence(connection, LinqToDB.ProviderName.SQLiteMS, autoInitialize: true);
    }

    /// <summary>
    /// WAL mode is a property of the file and outlives this connection: the journal's many small
    /// transactions then append to the log instead of rewriting pages and syncing each time.
    /// </summary>
    private static void UseWriteAheadLog(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    /// <summary>Registers <see cref="ColdEmailPipeline"/> (the CLI's facade) as a singleton.</summary>
    public static IServiceCollection AddColdEmailPipelineFacade(this IServiceCollection services, TimeSpan? runTimeout = null) =>
        services.AddSingleton(sp => ColdEmailPipeline.FromRegistry(
            sp.GetRequiredService<ActorRegistry>(),
            sp.GetRequiredService<ILeadWarehouse>(),
            sp.GetService<IRunNotifier>() ?? new LoggingRunNotifier(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            runTimeout));
}
