using System.Globalization;
using System.Text.Json.Nodes;

namespace ColdEmail.Warehouse.BigQuery;

/// <summary>
/// One row of a query response in BigQuery's <c>{"f":[{"v":…}]}</c> shape, read by column name through the
/// response schema. Every scalar arrives as a string: INT64 and NUMERIC as digits, BOOL as "true"/"false",
/// TIMESTAMP as epoch seconds (often in exponent form, e.g. "1.7640828E9").
/// </summary>
internal sealed class BqRow(IReadOnlyDictionary<string, int> columns, JsonArray cells)
{
    public string? String(string column) => Raw(column);

    public string RequiredString(string column) =>
        Raw(column) ?? throw new WarehouseException($"BigQuery returned NULL for required column {column}");

    public long? Int64(string column) =>
        Raw(column) is { } s ? long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;

    public int? Int32(string column) => Int64(column) is { } v ? checked((int)v) : null;

    public decimal? Decimal(string column) =>
        Raw(column) is { } s ? decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture) : null;

    public bool? Bool(string column) => Raw(column) switch
    {
        null => null,
        "true" => true,
        "false" => false,
        var s => throw new WarehouseException($"BigQuery returned '{s}' for BOOL column {column}"),
    };

    public DateTimeOffset? Timestamp(string column)
    {
        if (Raw(column) is not { } s) return null;
        var seconds = decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        var micros = decimal.Round(seconds * 1_000_000m);
        return DateTimeOffset.UnixEpoch.AddTicks((long)micros * 10);
    }

    public DateOnly? Date(string column) =>
        Raw(column) is { } s ? DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;

    private string? Raw(string column)
    {
        if (!columns.TryGetValue(column, out var i))
            throw new WarehouseException($"BigQuery response has no column {column} (columns: {string.Join(", ", columns.Keys)})");
        var cell = cells[i] as JsonObject;
        var v = cell?["v"];
        return v is null ? null : v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString();
    }
}
