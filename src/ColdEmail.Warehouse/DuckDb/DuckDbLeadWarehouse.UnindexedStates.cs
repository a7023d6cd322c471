using ColdEmail.Warehouse.Schema;
using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>
/// Rebuilds a warehouse's ops_inst_state that still has the primary key on state_key (files created before the key
/// was dropped, see sql/duckdb/030_ops_inst_state.sql) as the table without it. DuckDB cannot drop a primary key in
/// place, so the table is set aside, created anew, its rows copied and the old one dropped, all in one transaction:
/// a process killed part-way leaves the file as it was, and the next open does the whole move again.
/// </summary>
public sealed partial class DuckDbLeadWarehouse
{
    private const string IndexedLeadStates = "ops_inst_state_indexed";

    private static void DropLeadStatePrimaryKey(DuckDBConnection conn)
    {
        using (var check = Command(conn, SqlText("keyed_states/has_lead_state_primary_key")))
        {
            if (Convert.ToInt64(check.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0) return;
        }
        var create = SqlScripts.Get(SqlScripts.DuckDb, "ops_inst_state").Text;
        InTransaction(conn, () =>
        {
            Execute(conn, SqlText("keyed_states/set_aside_indexed_lead_states", ("indexed", IndexedLeadStates)));
            Execute(conn, create);
            // The old key guaranteed one row per state_key, so a plain copy keeps that.
            Execute(conn, SqlText("keyed_states/copy_indexed_lead_states", ("indexed", IndexedLeadStates)));
            Execute(conn, SqlText("keyed_states/drop_indexed_lead_states", ("indexed", IndexedLeadStates)));
        });
    }
}
