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
    /// The whole pipeline, one node or a cluster member alike (<see cref="PipelineOptions.CampaignShards"/> set), one registration
    /// per component in the order they find each other in the ActorRegistry: gateway, ops, drain, campaigns (with the supervisor),
    /// catalog. Each takes its services from the service provider: the host supplies <see cref="IInstantlyApi"/> (the raw adapter;
    /// the pipeline wraps it in its gateway) and <see cref="ILeadWarehouse"/> (both required), <see cref="TimeProvider"/> (default:
    /// the system clock), and registers <see cref="PipelineServiceRegistration.AddColdEmailPipelineServices"/> (the facade's
    /// registration does).
    /// </summary>
    public static AkkaConfigurationBuilder AddColdEmailPipeline(this AkkaConfigurationBuilder builder, PipelineOptions options)
    {
        options.Validate();
        return builder.WithColdEmailProtocol()
            .WithInstantlyGateway(options)
            .WithPipelineOps(options)
            .WithDrain(options)
            .WithCampaigns(options)
            .WithCampaignCatalog(options);
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

    /// <summary>Registers <see cref="ColdEmailPipeline"/> (the CLI's facade) as a singleton, and the services the actors take from DI.</summary>
    public static IServiceCollection AddColdEmailPipelineFacade(this IServiceCollection services, TimeSpan? runTimeout = null) =>
        services.AddColdEmailPipelineServices().AddSingleton(sp => new ColdEmailPipeline(
            sp.GetRequiredService<IRequiredActor<PipelineSupervisor>>().ActorRef,
            PipelineServiceRegistration.Required<ILeadWarehouse>(sp, nameof(ColdEmailPipeline)),
            sp.GetService<IRunNotifier>() ?? new LoggingRunNotifier(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            runTimeout));
}
