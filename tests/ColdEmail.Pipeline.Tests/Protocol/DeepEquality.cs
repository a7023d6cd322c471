using System.Collections;
using System.Reflection;
using System.Text.Json;
using Akka.Actor;

namespace ColdEmail.Pipeline.Tests.Protocol;

/// <summary>
/// Structural equality for round trips: records holding lists compare their lists by reference, so a plain Equals would
/// fail every collection. Walks public properties, sequences and dictionaries; returns the path of the first difference.
/// </summary>
public static class DeepEquality
{
    public static string? FirstDifference(object? expected, object? actual, string path = "$")
    {
        if (expected is null || actual is null) return expected is null && actual is null ? null : $"{path}: {Show(expected)} vs {Show(actual)}";
        if (expected is IActorRef e1 && actual is IActorRef a1) return e1.Path.ToString() == a1.Path.ToString() ? null : $"{path}: {e1.Path} vs {a1.Path}";
        if (expected is JsonElement je && actual is JsonElement ja) return je.GetRawText() == ja.GetRawText() ? null : $"{path}: {je.GetRawText()} vs {ja.GetRawText()}";
        var type = expected.GetType();
        if (type.IsPrimitive || type.IsEnum || expected is string or decimal or DateTimeOffset or DateTime or DateOnly or TimeSpan or Guid)
            return Equals(expected, actual) ? null : $"{path}: {Show(expected)} vs {Show(actual)}";
        if (expected is IDictionary ed && actual is IDictionary ad)
        {
            if (ed.Count != ad.Count) return $"{path}: {ed.Count} entries vs {ad.Count}";
            foreach (DictionaryEntry entry in ed)
            {
                if (!ad.Contains(entry.Key)) return $"{path}[{entry.Key}]: missing";
                if (FirstDifference(entry.Value, ad[entry.Key], $"{path}[{entry.Key}]") is { } d) return d;
            }
            return null;
        }
        if (expected is IEnumerable es && actual is IEnumerable @as)
        {
            var el = es.Cast<object?>().ToList();
            var al = @as.Cast<object?>().ToList();
            if (el.Count != al.Count) return $"{path}: {el.Count} items vs {al.Count}";
            for (var i = 0; i < el.Count; i++)
                if (FirstDifference(el[i], al[i], $"{path}[{i}]") is { } d) return d;
            return null;
        }
        if (type != actual.GetType()) return $"{path}: {type} vs {actual.GetType()}";
        foreach (var prop in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
            if (FirstDifference(prop.GetValue(expected), prop.GetValue(actual), $"{path}.{prop.Name}") is { } d) return d;
        return null;
    }

    private static string Show(object? o) => o is null ? "null" : $"{o} ({o.GetType().Name})";
}
