namespace ColdEmail.Pipeline.Settings;

/// <summary>Where the actor journal lives: one SQLite file (one process) or PostgreSQL (required by a cluster).</summary>
public enum PersistenceKind
{
    Sqlite,
    Postgres,
}

/// <summary>
/// coldemail.persistence: the actor journal and snapshots (Akka.Persistence.Sql). The positional <paramref name="SqlitePath"/>
/// keeps the single-node default; <see cref="Kind"/> and <see cref="PostgresConnectionString"/> come from
/// <see cref="PersistenceSettingsBinding"/>.
/// </summary>
public sealed record PersistenceSettings(string SqlitePath)
{
    public PersistenceKind Kind { get; init; } = PersistenceKind.Sqlite;

    /// <summary>Npgsql connection string (masked in every printout) when <see cref="Kind"/> is postgres.</summary>
    public Secret PostgresConnectionString { get; init; } = Secret.Empty;

    /// <summary>
    /// On: each node creates missing journal tables at start (convenient on one machine). Off (the default for postgres):
    /// only `coldemail init` creates them, because nodes starting together race on PostgreSQL's CREATE TABLE IF NOT EXISTS.
    /// </summary>
    public bool AutoInitialize { get; init; } = true;
}
