using ColdEmail.Warehouse.Schema;
using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>
/// Moves a warehouse created before ops_inst_state was keyed by <c>inst_state_key</c> (its primary key was the two
/// strings) to the keyed table. DuckDB cannot drop or change a primary key in place, so the old table is set aside
/// before the schema scripts create the new one and its rows are copied after; each step is idempotent, so a process
/// killed between them finishes the move at its next start and loses no row.
/// </summary>
public sealed partial class DuckDbLeadWarehouse
{
    private const string UnkeyedLeadStates = "ops_inst_state_unkeyed";

    private static void SetAsideUnkeyedLeadStates(DuckDBConnection conn)
    {
        if (!TableExists(conn, "ops_inst_state") || ColumnExists(conn, "ops_inst_state", "state_key")) return;
        if (TableExists(conn, UnkeyedLeadStates))
        {
            throw new WarehouseException(
                $"Both ops_inst_state without a state_key and {UnkeyedLeadStates} exist: an earlier move of the lead states " +
                $"stopped half-way in a way this version cannot finish; copy {UnkeyedLeadStates} into ops_inst_state by hand");
        }
        Execute(conn, SqlText("keyed_states/set_aside_unkeyed_lead_states", ("unkeyed", UnkeyedLeadStates)));
    }

    private static void MoveUnkeyedLeadStates(DuckDBConnection conn)
    {
        if (!TableExists(conn, UnkeyedLeadStates)) return;
        InTransaction(conn, () =>
        {
            // The old key guaranteed one row per (email, campaign_id), so every hash is new; NOT EXISTS only covers a
            // copy that was interrupted after its commit and before the DROP.
            Execute(conn, SqlText("keyed_states/move_unkeyed_lead_states", ("unkeyed", UnkeyedLeadStates)));
            Execute(conn, SqlText("keyed_states/move_unkeyed_lead_states_2", ("unkeyed", UnkeyedLeadStates)));
        });
    }

    private static bool TableExists(DuckDBConnection conn, string table)
    {
        using var cmd = Command(conn, SqlText("keyed_states/table_exists"), ("t", table));
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static bool ColumnExists(DuckDBConnection conn, string table, string column)
    {
        using var cmd = Command(conn, SqlText("keyed_states/column_exists"), ("t", table), ("c", column));
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
