using System.Text.Json;
using System.Text.Json.Serialization;
using ColdEmail.Domain.Verification;

namespace ColdEmail.Instantly.Wire;

/// <summary>Instantly's <c>catch_all</c> is <c>true</c>, <c>false</c> or the string <c>"pending"</c>.</summary>
internal sealed class CatchAllConverter : JsonConverter<CatchAllState?>
{
    public override bool HandleNull => true;

    public override CatchAllState? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.True => CatchAllState.Yes,
            JsonTokenType.False => CatchAllState.No,
            JsonTokenType.Null => null,
            JsonTokenType.String when reader.ValueTextEquals("pending") => CatchAllState.Pending,
            JsonTokenType.String when reader.ValueTextEquals("true") => CatchAllState.Yes,
            JsonTokenType.String when reader.ValueTextEquals("false") => CatchAllState.No,
            _ => throw new JsonException($"catch_all must be true, false or \"pending\", not {reader.TokenType}"),
        };

    public override void Write(Utf8JsonWriter writer, CatchAllState? value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case CatchAllState.Yes: writer.WriteBooleanValue(true); break;
            case CatchAllState.No: writer.WriteBooleanValue(false); break;
            case CatchAllState.Pending: writer.WriteStringValue("pending"); break;
            default: writer.WriteNullValue(); break;
        }
    }
}
