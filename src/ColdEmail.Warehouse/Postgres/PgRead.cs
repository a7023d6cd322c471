using System.Data.Common;
using ColdEmail.Domain.Leads;
using ColdEmail.Warehouse.Schema;

namespace ColdEmail.Warehouse.Postgres;

/// <summary>Typed reads of the columns the PostgreSQL schema returns (TIMESTAMPTZ comes back as UTC DateTime).</summary>
internal static class PgRead
{
    public static string ProspectColumns => SqlQueries.Render(SqlScripts.Postgres, "pg_read/prospect_columns");

    public static Prospect Prospect(DbDataReader r, int o) => new(
        r.GetString(o),
        Str(r, o + 1), Str(r, o + 2), Str(r, o + 3), Str(r, o + 4),
        Dec(r, o + 5), Int(r, o + 6), Int(r, o + 7), Dec(r, o + 8),
        Time(r, o + 9), Str(r, o + 10), Str(r, o + 11),
        Int(r, o + 12) ?? 0);

    public static string? Str(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
    public static int? Int(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToInt32(r.GetValue(i));
    public static long? Long(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToInt64(r.GetValue(i));
    public static decimal? Dec(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToDecimal(r.GetValue(i));

    public static DateTimeOffset? Time(DbDataReader r, int i) =>
        r.IsDBNull(i) ? null : new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc));

    public static DateOnly Date(DbDataReader r, int i) => r.GetFieldValue<DateOnly>(i);
}
