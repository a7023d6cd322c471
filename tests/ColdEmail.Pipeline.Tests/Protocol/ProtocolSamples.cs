using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using ColdEmail.Pipeline.Protocol;

namespace ColdEmail.Pipeline.Tests.Protocol;

/// <summary>
/// Builds a filled-in instance of any protocol type from its widest constructor, recursively: every member set, every
/// collection with two elements, every abstract member one of its registered subtypes. A new registered type gets samples
/// without any test code; a type this cannot build fails the round-trip test, naming it.
/// </summary>
public sealed class ProtocolSamples(ProtocolCatalog catalog, IActorRef anyActor, int seed)
{
    private readonly Random _random = new(seed);

    public object Create(Type type, int depth = 0)
    {
        if (depth > 8) throw new InvalidOperationException($"sample of {type} nests too deep");
        var nullable = Nullable.GetUnderlyingType(type);
        if (nullable is not null) return Create(nullable, depth);
        if (type == typeof(string)) return "s" + _random.Next(1000, 9999) + "@x.test";
        if (type == typeof(int)) return _random.Next(1, 1000);
        if (type == typeof(long)) return (long)_random.Next(1, 100_000);
        if (type == typeof(double)) return Math.Round(_random.NextDouble() * 100, 3);
        if (type == typeof(decimal)) return Math.Round((decimal)_random.NextDouble() * 1_000_000m, 2);
        if (type == typeof(bool)) return _random.Next(2) == 1;
        if (type == typeof(Guid)) return Guid.NewGuid();
        if (type == typeof(TimeSpan)) return TimeSpan.FromMilliseconds(_random.Next(1, 10_000_000));
        if (type == typeof(DateTimeOffset)) return new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero).AddTicks(_random.Next());
        if (type == typeof(DateTime)) return new DateTime(2026, 3, 2, 15, 0, 0, DateTimeKind.Utc).AddTicks(_random.Next());
        if (type == typeof(DateOnly)) return new DateOnly(2026, 3, 2).AddDays(_random.Next(100));
        if (type == typeof(object)) return _random.Next(3) switch { 0 => "text", 1 => (object)(long)_random.Next(), _ => true };
        if (type == typeof(JsonElement)) return JsonDocument.Parse("""{"k":[1,"two",true]}""").RootElement.Clone();
        if (typeof(IActorRef).IsAssignableFrom(type)) return anyActor;
        if (type.IsEnum)
        {
            var values = Enum.GetValues(type);
            return values.GetValue(_random.Next(values.Length))!;
        }
        if (type.IsArray) return FillList(type.GetElementType()!, depth, (e, items) => { var a = Array.CreateInstance(e, items.Count); items.CopyTo(a, 0); return a; });
        if (type.IsGenericType && IsDictionary(type, out var key, out var value))
        {
            var dict = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(key, value))!;
            for (var i = 0; i < 2; i++) dict[Create(key, depth + 1)] = Create(value, depth + 1);
            return dict;
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() is var set && (set == typeof(IReadOnlySet<>) || set == typeof(ISet<>) || set == typeof(HashSet<>)))
        {
            var hashSet = Activator.CreateInstance(typeof(HashSet<>).MakeGenericType(type.GetGenericArguments()))!;
            var add = hashSet.GetType().GetMethod("Add")!;
            for (var i = 0; i < 2; i++) add.Invoke(hashSet, [Create(type.GetGenericArguments()[0], depth + 1)]);
            return hashSet;
        }
        if (type.IsGenericType && IsSequence(type, out var element))
            return FillList(element, depth, (_, items) => items);
        if (type.IsAbstract || type.IsInterface)
        {
            var candidates = catalog.Types.Where(t => type.IsAssignableFrom(t.Type)).ToList();
            if (candidates.Count == 0) throw new InvalidOperationException($"no registered subtype of {type} to sample");
            return Create(candidates[_random.Next(candidates.Count)].Type, depth + 1);
        }
        return Construct(type, depth);
    }

    private object FillList(Type element, int depth, Func<Type, IList, object> shape)
    {
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
        for (var i = 0; i < 2; i++) list.Add(Create(element, depth + 1));
        return shape(element, list);
    }

    private object Construct(Type type, int depth)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
        var ctors = type.GetConstructors(all)
            .Where(c => c.IsPublic || c.GetCustomAttribute<JsonConstructorAttribute>() is not null)
            .Where(c => !(c.GetParameters() is [{ } p] && p.ParameterType == type)) // a record's copy constructor
            .OrderByDescending(c => c.GetCustomAttribute<JsonConstructorAttribute>() is not null)
            .ThenByDescending(c => c.GetParameters().Length)
            .ToList();
        if (ctors.Count == 0) throw new InvalidOperationException($"{type} has no constructor the protocol can use");
        var ctor = ctors[0];
        var parameters = ctor.GetParameters();
        var instance = ctor.Invoke(parameters.Select(p => Create(p.ParameterType, depth + 1)).ToArray());
        var taken = parameters.Select(p => p.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var prop in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (taken.Contains(prop.Name) || prop.SetMethod is not { IsPublic: true } || prop.GetIndexParameters().Length > 0) continue;
            prop.SetValue(instance, Create(prop.PropertyType, depth + 1));
        }
        return instance;
    }

    private static bool IsDictionary(Type type, out Type key, out Type value)
    {
        var def = type.GetGenericTypeDefinition();
        if (def == typeof(IReadOnlyDictionary<,>) || def == typeof(IDictionary<,>) || def == typeof(Dictionary<,>))
        {
            (key, value) = (type.GetGenericArguments()[0], type.GetGenericArguments()[1]);
            return true;
        }
        key = value = typeof(object);
        return false;
    }

    private static bool IsSequence(Type type, out Type element)
    {
        var def = type.GetGenericTypeDefinition();
        element = type.GetGenericArguments()[0];
        return def == typeof(IReadOnlyList<>) || def == typeof(IReadOnlyCollection<>) || def == typeof(IEnumerable<>)
            || def == typeof(IList<>) || def == typeof(ICollection<>) || def == typeof(List<>);
    }
}
