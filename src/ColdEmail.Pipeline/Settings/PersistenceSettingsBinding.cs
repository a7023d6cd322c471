namespace ColdEmail.Pipeline.Settings;

/// <summary>Binds coldemail.persistence (kind, sqlite.path, postgres.connection-string, postgres.auto-initialize).</summary>
internal static class PersistenceSettingsBinding
{
    private const string Root = "coldemail.persistence.";

    /// <summary>The environment variable read when postgres.connection-string is empty.</summary>
    public const string ConnectionVariable = "COLDEMAIL_JOURNAL_POSTGRES";

    public static PersistenceSettings Bind(HoconReader r, Func<string, string?> env)
    {
        var kindText = r.Has(Root + "kind") ? r.String(Root + "kind") : "sqlite";
        PersistenceKind kind;
        switch (kindText.ToLowerInvariant())
        {
            case "sqlite":
                kind = PersistenceKind.Sqlite;
                break;
            case "postgres" or "postgresql":
                kind = PersistenceKind.Postgres;
                break;
            default:
                r.Fail(Root + "kind", $"expected sqlite or postgres, got '{kindText}'");
                kind = PersistenceKind.Sqlite;
                break;
        }
        var text = r.Has(Root + "postgres.connection-string") ? r.String(Root + "postgres.connection-string") : "";
        var connection = new Secret(text.Length > 0 ? text : env(ConnectionVariable));
        if (kind == PersistenceKind.Postgres && !connection.IsSet)
            r.Fail(Root + "postgres.connection-string", $"must be set (or {ConnectionVariable}) when persistence.kind = postgres");
        var autoInit = r.Has(Root + "postgres.auto-initialize") && r.Bool(Root + "postgres.auto-initialize");
        return new PersistenceSettings(r.String(Root + "sqlite.path", allowEmpty: kind != PersistenceKind.Sqlite))
        {
            Kind = kind,
            PostgresConnectionString = connection,
            AutoInitialize = kind == PersistenceKind.Sqlite || autoInit,
        };
    }
}
