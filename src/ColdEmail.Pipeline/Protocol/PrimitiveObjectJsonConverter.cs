using System.Text.Json;
using System.Text.Json.Serialization;

namespace ColdEmail.Pipeline.Protocol;

/// <summary>
/// A member typed <c>object</c> (Instantly custom variables: strings, numbers, booleans) comes back as the same kind of
/// value rather than as a <see cref="JsonElement"/>, so code that switches on the value's type behaves alike on both sides.
/// Whole numbers come back as <c>long</c>, others as <c>decimal</c>; anything else stays a <see cref="JsonElement"/>.
/// </summary>
public sealed class PrimitiveObjectJsonConverter : JsonConverter<object>
{
    public override object? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        JsonTokenType.Number when reader.TryGetInt64(out var whole) => whole,
        JsonTokenType.Number => reader.GetDecimal(),
        _ => JsonElement.ParseValue(ref reader),
    };

    public override void Write(Utf8JsonWriter writer, object value, JsonSerializerOptions options)
    {
        if (value.GetType() == typeof(object)) writer.WriteStartObject();
        if (value.GetType() == typeof(object)) writer.WriteEndObject();
        else JsonSerializer.Serialize(writer, value, value.GetType(), options);
    }
}
