namespace ColdEmail.Warehouse.Generation;

/// <summary>How much dirt the generator mixes in, as fractions of all rows.</summary>
public sealed record ProspectMix(double Invalid = 0.02, double Duplicates = 0.03, double UnknownRevenue = 0.08)
{
    public static ProspectMix Clean { get; } = new(0, 0, 0.08);
}

/// <summary>
/// Deterministic, seeded prospects that look like real warehouse data: revenues across both segments
/// (including exactly 1,000,000), US states and other countries with their timezones, role and disposable
/// addresses, duplicates differing only by case and whitespace, and — at <see cref="ProspectMix.Invalid"/> —
/// rows that must never crash a run (missing or malformed emails, negative revenue, 10,000-character names,
/// quotes and SQL in text, unknown timezones). The same seed and count always give the same rows.
/// </summary>
public sealed class ProspectGenerator(int seed, ProspectMix? mix = null)
{
    private static readonly (string State, string Zone)[] UsStates =
    [
        ("CA", "America/Los_Angeles"), ("NY", "America/New_York"), ("TX", "America/Chicago"), ("FL", "America/New_York"),
        ("WA", "America/Los_Angeles"), ("IL", "America/Chicago"), ("CO", "America/Denver"), ("AZ", "America/Phoenix"),
        ("MA", "America/New_York"), ("GA", "America/New_York"), ("OR", "America/Los_Angeles"), ("OH", "America/New_York"),
    ];

    private static readonly (string Country, string? State, string Zone)[] OtherCountries =
    [
        ("GB", null, "Europe/London"), ("CA", "ON", "America/Toronto"), ("AU", "NSW", "Australia/Sydney"),
        ("DE", null, "Europe/Berlin"), ("FR", null, "Europe/Paris"), ("NL", null, "Europe/Amsterdam"),
        ("BR", null, "America/Sao_Paulo"), ("JP", null, "Asia/Tokyo"), ("IN", null, "Asia/Kolkata"),
    ];

    private static readonly string[] FirstNames = ["anna", "ben", "carla", "dev", "emma", "felix", "gina", "hugo", "iris", "jamal", "kofi", "lena", "mia", "noah", "olga", "priya"];
    private static readonly string[] Words = ["Sun", "Oak", "Blue", "Harbor", "Nova", "Pine", "Urban", "Wild", "Golden", "Atlas", "Maple", "Coastal"];
    private static readonly string[] Goods = ["Goods", "Apparel", "Outfitters", "Supply", "Studio", "Botanicals", "Coffee", "Pet Co", "Gear", "Home"];
    private static readonly string[] Industries = ["apparel", "beauty", "home", "food", "pets", "outdoor", "electronics"];
    private static readonly string[] Platforms = ["myshopify.com", "bigcommerce.com", "wixsite.com"];
    private static readonly string[] RoleLocals = ["info", "sales", "hello", "support", "contact"];
    private static readonly string[] DisposableDomains = ["mailinator.com", "guerrillamail.com", "10minutemail.com"];
    private static readonly string[] Tlds = ["com", "co", "shop", "store", "io"];

    private readonly ProspectMix _mix = mix ?? new ProspectMix();

    /// <summary>Generates <paramref name="count"/> rows lazily (a million rows never sit in memory).</summary>
    public IEnumerable<EligibleLeadRow> Generate(int count)
    {
        var rng = new Random(seed);
        var recent = new string[64];
        for (var i = 0; i < count; i++)
        {
            var roll = rng.NextDouble();
            EligibleLeadRow row;
            if (roll < _mix.Invalid) row = Invalid(rng, i);
            else if (roll < _mix.Invalid + _mix.Duplicates && i > 0 && recent[(i - 1) % recent.Length] is { } earlier)
                row = Valid(rng, i) with { Email = Disguise(rng, earlier) };
            else row = Valid(rng, i);
            if (row.Email is { } e && !e.Contains(' ', StringComparison.Ordinal) && e.Count(c => c == '@') == 1)
                recent[i % recent.Length] = e;
            yield return row;
        }
    }

    private EligibleLeadRow Valid(Random rng, int i)
    {
        var merchant = $"{Pick(rng, Words)} {Pick(rng, Goods)}";
        var domain = $"{merchant.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()}{i}.{Pick(rng, Tlds)}";
        var local = rng.NextDouble() switch
        {
            < 0.10 => Pick(rng, RoleLocals),
            < 0.13 => $"{Pick(rng, FirstNames)}{i}",
            _ => $"{Pick(rng, FirstNames)}.{Pick(rng, FirstNames)}",
        };
        var email = rng.NextDouble() < 0.03 ? $"{Pick(rng, FirstNames)}{i}@{Pick(rng, DisposableDomains)}" : $"{local}@{domain}";

        string? state;
        string country;
        string? zone;
        if (rng.NextDouble() < 0.65)
        {
            (state, zone) = Pick(rng, UsStates);
            country = "US";
        }
        else
        {
            (country, state, zone) = Pick(rng, OtherCountries);
        }
        if (rng.NextDouble() < 0.05) zone = null;

        return new EligibleLeadRow(
            Email: email,
            MerchantName: merchant,
            PlatformDomain: $"{domain.Split('.')[0]}.{Pick(rng, Platforms)}",
            Domain: domain,
            State: state,
            CountryCode: country,
            EstimatedSalesYearly: Revenue(rng),
            EmployeeCount: rng.NextDouble() < 0.1 ? null : rng.Next(1, 500),
            ProductCount: rng.NextDouble() < 0.1 ? null : rng.Next(1, 5000),
            AvgPrice: rng.NextDouble() < 0.1 ? null : Math.Round((decimal)(5 + rng.NextDouble() * 295), 2),
            KlaviyoInstalledAt: rng.NextDouble() < 0.4 ? new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(rng.Next(0, 2000)) : null,
            Timezone: zone,
            Industry: Pick(rng, Industries));
    }

    private decimal? Revenue(Random rng)
    {
        var roll = rng.NextDouble();
        if (roll < _mix.UnknownRevenue) return null;
        if (roll < _mix.UnknownRevenue + 0.01) return 1_000_000m; // the segment boundary itself
        if (roll < _mix.UnknownRevenue + 0.02) return Pick(rng, [500_000m, 5_000_000m, 999_999.99m, 1_000_000.01m]);
        // Log-uniform between 20k and 50M: both segments and every score band are well populated.
        var log = Math.Log(20_000) + rng.NextDouble() * (Math.Log(50_000_000) - Math.Log(20_000));
        return Math.Round((decimal)Math.Exp(log), 2);
    }

    private EligibleLeadRow Invalid(Random rng, int i)
    {
        var valid = Valid(rng, i);
        return rng.Next(8) switch
        {
            0 => valid with { Email = null },
            1 => valid with { Email = "   " },
            2 => valid with { Email = $"no-at-sign{i}.example.com" },
            3 => valid with { Email = $"two@ats{i}@example.com" },
            4 => valid with { EstimatedSalesYearly = -Math.Abs(valid.EstimatedSalesYearly ?? 1000m) },
            5 => valid with { MerchantName = new string('x', 10_000) },
            6 => valid with { MerchantName = "O'Brien \"Shop\"; DROP TABLE eligible_leads; --", State = "'; DELETE FROM config; --" },
            _ => valid with { Timezone = "Mars/Olympus_Mons" },
        };
    }

    private static string Disguise(Random rng, string email) => rng.Next(3) switch
    {
        0 => email.ToUpperInvariant(),
        1 => $"  {email} ",
        _ => $"\t{char.ToUpperInvariant(email[0])}{email[1..]}",
    };

    private static T Pick<T>(Random rng, T[] items) => items[rng.Next(items.Length)];
}
