using Akka.Hosting;
using Akka.Persistence.Hosting;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Hosting;
using ColdEmail.Pipeline.Hosting;
using ColdEmail.Pipeline.Settings;
using LinqToDB;
using SqlJournalOptions = Akka.Persistence.Sql.Hosting.SqlJournalOptions;
using SqlSnapshotOptions = Akka.Persistence.Sql.Hosting.SqlSnapshotOptions;

namespace ColdEmail.Pipeline.Persistence;

/// <summary>
/// The journal plugins for <see cref="PersistenceSettings"/>: SQLite keeps today's single-node shape; PostgreSQL adds a second,
/// non-default plugin ("sharding") with its own tables for cluster sharding's remember-entities store, so sharding's
/// bookkeeping never mixes with the enrolment ledgers.
/// </summary>
public static class JournalHosting
{
    /// <summary>The identifier of the sharding journal and snapshot plugins.</summary>
    public const string ShardingPluginIdentifier = "sharding";

    public const string JournalTable = "coldemail_journal";
    public const string MetadataTable = "coldemail_journal_metadata";
    public const string TagTable = "coldemail_journal_tags";
    public const string SnapshotTable = "coldemail_snapshot";
    public const string ShardingJournalTable = "coldemail_sharding_journal";
    public const string ShardingMetadataTable = "coldemail_sharding_metadata";
    public const string ShardingTagTable = "coldemail_sharding_tags";
    public const string ShardingSnapshotTable = "coldemail_sharding_snapshot";

    /// <summary>
    /// Every table the PostgreSQL journal uses (what `coldemail init` creates). The metadata tables are named too but only
    /// exist in the plugin's delete-compatibility mode, which is off.
    /// </summary>
    public static IReadOnlyList<string> PostgresTables { get; } =
    [
        JournalTable, TagTable, SnapshotTable, ShardingJournalTable, ShardingTagTable, ShardingSnapshotTable,
    ];

    /// <summary>Registers the journal and snapshot plugins; <paramref name="autoInitialize"/> overrides the setting (init forces it on).</summary>
    public static AkkaConfigurationBuilder AddColdEmailJournal(this AkkaConfigurationBuilder builder, PersistenceSettings settings, bool? autoInitialize = null)
    {
        if (settings.Kind == PersistenceKind.Sqlite) return builder.AddColdEmailPersistence(settings.SqlitePath);
        var init = autoInitialize ?? settings.AutoInitialize;
        var (journal, snapshot) = Options(settings.PostgresConnectionString.Reveal(), init, isDefault: true, "sql",
            JournalTable, MetadataTable, TagTable, SnapshotTable);
        var (shardingJournal, shardingSnapshot) = ShardingOptions(settings, init);
        return builder
            .WithSqlPersistence(journal, snapshot)
            .WithJournalAndSnapshot(shardingJournal, shardingSnapshot);
    }

    /// <summary>The sharding plugins (what <c>ShardOptions.JournalOptions/SnapshotOptions</c> point at).</summary>
    public static (SqlJournalOptions Journal, SqlSnapshotOptions Snapshot) ShardingOptions(PersistenceSettings settings, bool? autoInitialize = null) =>
        Options(settings.PostgresConnectionString.Reveal(), autoInitialize ?? settings.AutoInitialize, isDefault: false, ShardingPluginIdentifier,
            ShardingJournalTable, ShardingMetadataTable, ShardingTagTable, ShardingSnapshotTable);

    private static (SqlJournalOptions, SqlSnapshotOptions) Options(
        string connectionString, bool autoInitialize, bool isDefault, string identifier, string journalTable, string metadataTable, string tagTable, string snapshotTable)
    {
        var journalDb = JournalDatabaseOptions.Default;
        journalDb.JournalTable!.TableName = journalTable;
        journalDb.MetadataTable!.TableName = metadataTable;
        journalDb.TagTable!.TableName = tagTable;
        var snapshotDb = SnapshotDatabaseOptions.Default;
        snapshotDb.SnapshotTable!.TableName = snapshotTable;
        var journal = new SqlJournalOptions(isDefault, identifier)
        {
            ConnectionString = connectionString,
            ProviderName = ProviderName.PostgreSQL15,
            DatabaseOptions = journalDb,
            TagStorageMode = TagMode.TagTable,
            AutoInitialize = autoInitialize,
        };
        var snapshot = new SqlSnapshotOptions(isDefault, identifier)
        {
            ConnectionString = connectionString,
            ProviderName = ProviderName.PostgreSQL15,
            DatabaseOptions = snapshotDb,
            AutoInitialize = autoInitialize,
        };
        return (journal, snapshot);
    }
}
