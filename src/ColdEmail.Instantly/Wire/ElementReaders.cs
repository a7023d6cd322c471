using System.Text.Json;
using Serilog;

namespace ColdEmail.Instantly.Wire;

/// <summary>
/// Hand-written readers for the big answers (lead pages, bulk-add summaries): one parse per answer over a pooled
/// buffer; a lead's payload is the one part copied out (cloned), because it outlives the answer. A field of the wrong JSON kind, or a
/// missing required one, makes the answer invalid (Ok = false) — except inside a lead page, where only that item is set aside.
/// </summary>
internal static class ElementReaders
{
    private static readonly ILogger Log = Serilog.Log.ForContext(typeof(ElementReaders));

    /// <summary>
    /// A page is read item by item: an item that cannot be read is logged with its id and listed in
    /// <see cref="LeadPage.MalformedIds"/>, so one odd lead does not hide the rest of the page.
    /// </summary>
    public static (bool Ok, LeadPage Value) Page(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
            return (false, null!);
        var leads = new List<InstantlyLead>(items.GetArrayLength());
        List<string>? malformed = null;
        var position = 0;
        foreach (var item in items.EnumerateArray())
        {
            var (ok, lead) = Lead(item);
            if (ok) leads.Add(lead);
            else if (IdOf(item) is { } id)
            {
                Log.Warning("Instantly lead {LeadId} (item {Position} of a lead page) could not be read: {Problem}; it is to be looked up alone",
                    id, position, Problem(item));
                (malformed ??= []).Add(id);
            }
            else Log.Warning("Item {Position} of a lead page has no id and could not be read: {Problem}", position, Problem(item));
            position++;
        }
        string? next = null;
        if (root.TryGetProperty("next_starting_after", out var cursor))
        {
            if (cursor.ValueKind == JsonValueKind.String) next = cursor.GetString();
            else if (cursor.ValueKind != JsonValueKind.Null) return (false, null!);
        }
        return (true, new LeadPage(leads, next) { MalformedIds = malformed ?? (IReadOnlyList<string>)[] });
    }

    private static string? IdOf(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString() : null;

    // Names the fields that failed, never their values (a value may be an email address).
    private static string Problem(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object) return $"the item is a {item.ValueKind}, not an object";
        var bad = new List<string>();
        foreach (var p in item.EnumerateObject())
            if (!Field(p.Name, p.Value)) bad.Add($"{p.Name} ({p.Value.ValueKind})");
        foreach (var required in new[] { "id", "status", "timestamp_created" })
            if (!item.TryGetProperty(required, out var v) || v.ValueKind == JsonValueKind.Null) bad.Add($"{required} missing");
        return bad.Count == 0 ? "unreadable" : string.Join(", ", bad);
    }

    public static (bool Ok, InstantlyLead Value) Lead(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) return (false, null!);
        string? id = null, email = null, campaign = null, list = null;
        int? status = null, interest = null, verification = null, esp = null;
        int opens = 0, replies = 0, clicks = 0;
        DateTimeOffset? created = null, updated = null, lastContact = null, lastReply = null;
        Dictionary<string, JsonElement>? payload = null;
        foreach (var p in e.EnumerateObject())
        {
            var v = p.Value;
            var ok = p.Name switch
            {
                "id" => Str(v, out id),
                "email" => Str(v, out email),
                "campaign" => Str(v, out campaign),
                "list_id" => Str(v, out list),
                "status" => Num(v, out status),
                "lt_interest_status" => Num(v, out interest),
                "verification_status" => Num(v, out verification),
                "esp_code" => Num(v, out esp),
                "email_open_count" => Count(v, out opens),
                "email_reply_count" => Count(v, out replies),
                "email_click_count" => Count(v, out clicks),
                "timestamp_created" => Time(v, out created),
                "timestamp_updated" => Time(v, out updated),
                "timestamp_last_contact" => Time(v, out lastContact),
                "timestamp_last_reply" => Time(v, out lastReply),
                "payload" => Payload(v, out payload),
                _ => true,
            };
            if (!ok) return (false, null!);
        }
        if (id is null || status is null || created is null) return (false, null!);
        return (true, new InstantlyLead(id, email, campaign, status.Value, opens, replies, clicks, interest, created.Value, updated,
            lastContact, lastReply, verification, esp, payload, list));
    }

    // Whether one field of a lead has the kind the reader needs (for the log line of an unreadable item).
    private static bool Field(string name, JsonElement v) => name switch
    {
        "id" or "email" or "campaign" or "list_id" => Str(v, out _),
        "status" or "lt_interest_status" or "verification_status" or "esp_code"
            or "email_open_count" or "email_reply_count" or "email_click_count" => Num(v, out _),
        "timestamp_created" or "timestamp_updated" or "timestamp_last_contact" or "timestamp_last_reply" => Time(v, out _),
        "payload" => v.ValueKind is JsonValueKind.Object or JsonValueKind.Null,
        _ => true,
    };

    /// <summary><c>{ items, valid_count, invalid_count }</c> (all required by the schema; only the counts are kept).</summary>
    public static (bool Ok, BlockListBulkResult Value) BlockListBulk(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array
            || !root.TryGetProperty("valid_count", out var valid) || !Num(valid, out var v) || v is null
            || !root.TryGetProperty("invalid_count", out var invalid) || !Num(invalid, out var i) || i is null)
            return (false, null!);
        return (true, new BlockListBulkResult(v.Value, i.Value));
    }

    public static (bool Ok, BulkAddResult Value) BulkAdd(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return (false, null!);
        string? status = null, blocklist = null;
        int? totalSent = null, uploaded = null, remaining = null;
        int inBlocklist = 0, duplicated = 0, skipped = 0, invalid = 0, incomplete = 0, duplicateEmail = 0;
        List<CreatedLead>? created = null;
        foreach (var p in root.EnumerateObject())
        {
            var v = p.Value;
            var ok = p.Name switch
            {
                "status" => Str(v, out status),
                "blocklist_used" => Str(v, out blocklist),
                "total_sent" => Num(v, out totalSent),
                "leads_uploaded" => Num(v, out uploaded),
                "remaining_in_plan" => Num(v, out remaining),
                "in_blocklist" => Count(v, out inBlocklist),
                "duplicated_leads" => Count(v, out duplicated),
                "skipped_count" => Count(v, out skipped),
                "invalid_email_count" => Count(v, out invalid),
                "incomplete_count" => Count(v, out incomplete),
                "duplicate_email_count" => Count(v, out duplicateEmail),
                "created_leads" => Created(v, out created),
                _ => true,
            };
            if (!ok) return (false, null!);
        }
        if (totalSent is null || uploaded is null || created is null) return (false, null!);
        return (true, new BulkAddResult(status ?? "success", totalSent.Value, uploaded.Value, inBlocklist, blocklist, duplicated, skipped,
            invalid, incomplete, duplicateEmail, remaining, created));
    }

    private static bool Created(JsonElement v, out List<CreatedLead>? created)
    {
        created = null;
        if (v.ValueKind != JsonValueKind.Array) return false;
        var list = new List<CreatedLead>(v.GetArrayLength());
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("index", out var index) || !index.TryGetInt32(out var i)
                || !item.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String)
                return false;
            string? email = item.TryGetProperty("email", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            list.Add(new CreatedLead(i, idElement.GetString()!, email));
        }
        created = list;
        return true;
    }

    private static bool Str(JsonElement v, out string? value)
    {
        value = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return v.ValueKind is JsonValueKind.String or JsonValueKind.Null;
    }

    private static bool Num(JsonElement v, out int? value)
    {
        value = null;
        if (v.ValueKind == JsonValueKind.Null) return true;
        if (v.ValueKind != JsonValueKind.Number) return false;
        value = v.TryGetInt32(out var i) ? i : (int)v.GetDouble();
        return true;
    }

    private static bool Count(JsonElement v, out int value)
    {
        var ok = Num(v, out var n);
        value = n ?? 0;
        return ok;
    }

    private static bool Time(JsonElement v, out DateTimeOffset? value)
    {
        value = null;
        if (v.ValueKind == JsonValueKind.Null) return true;
        if (v.ValueKind != JsonValueKind.String || !v.TryGetDateTimeOffset(out var t)) return false;
        value = t;
        return true;
    }

    private static bool Payload(JsonElement v, out Dictionary<string, JsonElement>? payload)
    {
        payload = null;
        if (v.ValueKind == JsonValueKind.Null) return true;
        if (v.ValueKind != JsonValueKind.Object) return false;
        payload = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in v.Clone().EnumerateObject()) payload[p.Name] = p.Value;
        return true;
    }
}
