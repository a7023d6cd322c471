using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace ColdEmail.Pipeline.Protocol;

/// <summary>
/// The serializer of every ColdEmail message and journal event: System.Text.Json bytes under the short manifest the
/// type was registered with (<see cref="IProtocolRegistration"/>). Journals store the manifest, not the CLR name, so a
/// renamed or moved record still recovers as long as its registration keeps the manifest.
/// </summary>
public sealed class ProtocolSerializer : SerializerWithStringManifest
{
    public const int Id = 1313;
    public const string Name = "coldemail";

    private readonly ProtocolCatalog _catalog;
    private readonly JsonSerializerOptions _json;
    private readonly JsonWriterOptions _writer;

    public ProtocolSerializer(ExtendedActorSystem system) : this(system, ProtocolCatalog.Default)
    {
    }

    public ProtocolSerializer(ExtendedActorSystem system, ProtocolCatalog catalog) : base(system)
    {
        _catalog = catalog;
        _json = ProtocolJson.Options(catalog, system);
        // What SerializeToUtf8Bytes derives from the serializer options (validation is the serializer's own job).
        _writer = new JsonWriterOptions
        {
            Encoder = _json.Encoder,
            Indented = _json.WriteIndented,
            IndentCharacter = _json.IndentCharacter,
            IndentSize = _json.IndentSize,
            NewLine = _json.NewLine,
            MaxDepth = _json.MaxDepth == 0 ? 64 : _json.MaxDepth,
            SkipValidation = true,
        };
    }

    public override int Identifier => Id;

    public override string Manifest(object o) =>
        _catalog.ByType.TryGetValue(o.GetType(), out var manifest) ? manifest : throw NotRegistered(o.GetType());

    public override byte[] ToBinary(object obj)
    {
        var type = obj.GetType();
        if (!_catalog.ByType.ContainsKey(type)) throw NotRegistered(type);
        // The same bytes as JsonSerializer.SerializeToUtf8Bytes, written through 64 KB pooled segments instead of one
        // doubling buffer (see SegmentedBuffer: a ledger snapshot runs to megabytes).
        using var buffer = new SegmentedBuffer();
        using (var writer = new Utf8JsonWriter(buffer, _writer))
        {
            JsonSerializer.Serialize(writer, obj, type, _json);
        }
        return buffer.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!_catalog.ByManifest.TryGetValue(manifest, out var type))
            throw new SerializationException($"No ColdEmail protocol type is registered under manifest '{manifest}'");
        return JsonSerializer.Deserialize(bytes, type, _json)
            ?? throw new SerializationException($"Manifest '{manifest}' decoded to null");
    }

    internal static SerializationException NotRegistered(Type type) =>
        new($"{type} is not registered with the ColdEmail protocol serializer: add it to its feature's IProtocolRegistration (see PROTOCOL.md)");
}
