using System.Globalization;
using System.Text.Json.Nodes;

namespace ColdEmail.Warehouse.BigQuery;

/// <summary>A BigQuery standard-SQL type as the REST API spells it in <c>queryParameters[].parameterType</c>.</summary>
internal sealed record BqType(string Type, BqType? ArrayType = null, IReadOnlyList<BqField>? StructTypes = null)
{
    public static readonly BqType String = new("STRING");
    public static readonly BqType Int64 = new("INT64");
    public static readonly BqType Numeric = new("NUMERIC");
    public static readonly BqType Bool = new("BOOL");
    public static readonly BqType Timestamp = new("TIMESTAMP");
    public static readonly BqType Date = new("DATE");

    public static BqType ArrayOf(BqType element) => new("ARRAY", element);
    public static BqType Struct(params BqField[] fields) => new("STRUCT", null, fields);

    public JsonObject ToJson()
    {
        var o = new JsonObject { ["type"] = Type };
        if (ArrayType is not null) o["arrayType"] = ArrayType.ToJson();
        if (StructTypes is not null)
            o["structTypes"] = new JsonArray(StructTypes.Select(f => (JsonNode)new JsonObject { ["name"] = f.Name, ["type"] = f.Type.ToJson() }).ToArray());
        return o;
    }

    /// <summary>The <c>parameterValue</c> for <paramref name="value"/>: scalars as strings (INT64 too), NULL as an empty object.</summary>
    public JsonObject ValueToJson(object? value)
    {
        if (value is null) return new JsonObject();
        if (ArrayType is not null)
        {
            var items = ((System.Collections.IEnumerable)value).Cast<object?>().Select(v => (JsonNode)ArrayType.ValueToJson(v)).ToArray();
            return new JsonObject { ["arrayValues"] = new JsonArray(items) };
        }
        if (StructTypes is not null)
        {
            var values = (object?[])value;
            var o = new JsonObject();
            for (var i = 0; i < StructTypes.Count; i++) o[StructTypes[i].Name] = StructTypes[i].Type.ValueToJson(values[i]);
            return new JsonObject { ["structValues"] = o };
        }
        return new JsonObject { ["value"] = FormatScalar(value) };
    }

    private string FormatScalar(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture),
        DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"No BigQuery {Type} representation for a {value.GetType().Name}"),
    };
}

internal sealed record BqField(string Name, BqType Type);

/// <summary>A named query parameter (<c>@name</c> in the SQL).</summary>
internal sealed record BqParameter(string Name, BqType Type, object? Value)
{
    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["parameterType"] = Type.ToJson(),
        ["parameterValue"] = Type.ValueToJson(Value),
    };

    public static BqParameter String(string name, string? value) => new(name, BqType.String, value);
    public static BqParameter Int64(string name, long? value) => new(name, BqType.Int64, value);
    public static BqParameter Numeric(string name, decimal? value) => new(name, BqType.Numeric, value);
    public static BqParameter Bool(string name, bool value) => new(name, BqType.Bool, value);
    public static BqParameter Timestamp(string name, DateTimeOffset? value) => new(name, BqType.Timestamp, value);
    public static BqParameter Strings(string name, IEnumerable<string> values) => new(name, BqType.ArrayOf(BqType.String), values.ToArray());

    /// <summary>An ARRAY&lt;STRUCT&gt; parameter for <c>UNNEST(@rows)</c>: one value array per row, in field order.</summary>
    public static BqParameter Rows(string name, BqField[] fields, IEnumerable<object?[]> rows) =>
        new(name, BqType.ArrayOf(BqType.Struct(fields)), rows.Cast<object?>().ToArray());
}
