using System.Globalization;
using System.Text;
using ColdEmail.Domain.Leads;

namespace ColdEmail.Pipeline.Sync;

/// <summary>
/// Which prospect columns Instantly receives as custom variables, and under which names. Campaign templates
/// are written from the seed (<c>{{merchantName}}</c>), so the seed's names are the default; the mapping is
/// configuration (<c>coldemail.custom-variables</c>). Values go out as they are in the warehouse (unicode, quotes,
/// newlines), except that control characters other than a newline are dropped (they break rendering and
/// some mail clients) and text is capped at <see cref="MaxValueLength"/> characters.
/// </summary>
public sealed record CustomVariableMap(IReadOnlyList<KeyValuePair<string, string>> Variables, int MaxValueLength)
{
    public const int DefaultMaxValueLength = 1000;

    /// <summary>The columns a variable may come from: the fields of a ready lead (eligible_leads + view columns).</summary>
    public static IReadOnlyDictionary<string, Func<Prospect, object?>> Columns { get; } = new Dictionary<string, Func<Prospect, object?>>(StringComparer.Ordinal)
    {
        ["email"] = p => p.Email,
        ["merchant_name"] = p => p.MerchantName,
        ["platform_domain"] = p => p.PlatformDomain,
        ["state"] = p => p.State,
        ["country_code"] = p => p.CountryCode,
        ["estimated_sales_yearly"] = p => p.EstimatedSalesYearly,
        ["employee_count"] = p => p.EmployeeCount,
        ["product_count"] = p => p.ProductCount,
        ["avg_price"] = p => p.AvgPrice,
        ["klaviyo_installed_at"] = p => p.KlaviyoInstalledAt,
        ["timezone"] = p => p.Timezone,
        ["sequence_target"] = p => p.SequenceTarget,
        ["score"] = p => p.Score,
    };

    /// <summary>The seed's payload: merchantName, platformDomain, state, countryCode.</summary>
    public static CustomVariableMap Default { get; } = new(
    [
        new("merchantName", "merchant_name"),
        new("platformDomain", "platform_domain"),
        new("state", "state"),
        new("countryCode", "country_code"),
    ], DefaultMaxValueLength);

    /// <summary>The custom variables of one prospect; a missing or blank value is left out (Instantly refuses null).</summary>
    public IReadOnlyDictionary<string, object> Build(Prospect prospect)
    {
        var vars = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, column) in Variables)
        {
            var value = Columns.TryGetValue(column, out var read) ? read(prospect) : null;
            switch (value)
            {
                case null:
                    break;
                case string s:
                    var clean = Clean(s, MaxValueLength);
                    if (!string.IsNullOrWhiteSpace(clean)) vars[name] = clean;
                    break;
                case DateTimeOffset t:
                    vars[name] = t.ToString("O", CultureInfo.InvariantCulture);
                    break;
                default:
                    vars[name] = value;
                    break;
            }
        }
        return vars;
    }

    /// <summary>Drops control characters except '\n' and cuts at <paramref name="max"/> characters without splitting a surrogate pair.</summary>
    public static string Clean(string value, int max)
    {
        var text = new StringBuilder(Math.Min(value.Length, max));
        foreach (var c in value)
        {
            if (char.IsControl(c) && c != '\n') continue;
            text.Append(c);
        }
        if (text.Length <= max) return text.ToString();
        var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text.ToString(0, cut);
    }
}
