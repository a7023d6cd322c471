using System.Globalization;
using System.Text.Json;
using ColdEmail.Sandbox.Faults;
using ColdEmail.Sandbox.Hosting;
using ColdEmail.Sandbox.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ColdEmail.Sandbox.Api;

/// <summary>
/// The block list, <c>/api/v2/block-lists-entries</c>, as the official schema describes it. The "delete all"
/// <c>DELETE /api/v2/block-lists-entries</c> works as documented but every call is recorded and logged as a warning:
/// ColdEmail must never make it (see README.md).
/// </summary>
internal static class BlockListEndpoints
{
    private const string Root = "/api/v2/block-lists-entries";

    public static void Map(IEndpointRouteBuilder app, SandboxRuntime rt)
    {
        app.MapPost(Root, ctx => Create(ctx, rt));
        app.MapPost(Root + "/bulk-create", ctx => BulkCreate(ctx, rt));
        app.MapGet(Root, ctx => List(ctx, rt));
        app.MapGet(Root + "/download", ctx => Download(ctx, rt));
        app.MapGet(Root + "/{id}", ctx => Get(ctx, rt));
        app.MapPatch(Root + "/{id}", ctx => Patch(ctx, rt));
        app.MapDelete(Root + "/{id}", ctx => DeleteOne(ctx, rt));
        app.MapPost(Root + "/bulk-delete", ctx => BulkDelete(ctx, rt));
        app.MapDelete(Root, ctx => DeleteAll(ctx, rt));
    }

    private static async Task Create(HttpContext ctx, SandboxRuntime rt)
    {
        using var doc = await RequestBody.ReadAsync(ctx, "POST", Root, rt.Strict);
        if (doc is null) return;
        var value = Fields.Str(doc.RootElement, "bl_value")!;
        if (rt.State.AddBlockValue(value) is not { } entry)
        {
            await ApiResponses.Error(ctx, 400, $"body/bl_value '{value}' is not an email or a domain");
            return;
        }
        if (await ApiGuard.LoseAnswerAsync(ctx, rt)) return;
        await ApiResponses.Json(ctx, w => Write(w, entry, rt.State.OrganizationId));
    }

    private static async Task BulkCreate(HttpContext ctx, SandboxRuntime rt)
    {
        using var doc = await RequestBody.ReadAsync(ctx, "POST", Root + "/bulk-create", rt.Strict);
        if (doc is null) return;
        var (created, valid, invalid) = rt.State.AddBlockValues(Fields.Strings(doc.RootElement, "bl_values")!);
        if (await ApiGuard.LoseAnswerAsync(ctx, rt)) return;
        var org = rt.State.OrganizationId;
        var nullError = rt.Script.Take<NullErrorFault>(SandboxOperation.BlockListBulkCreate) is not null;
        await ApiResponses.Json(ctx, w =>
        {
            w.WriteStartObject();
            if (nullError) w.WriteNull("error");
            WriteItems(w, "items", created, org);
            w.WriteNumber("valid_count", valid);
            w.WriteNumber("invalid_count", invalid);
            w.WriteEndObject();
        });
    }

    private static async Task List(HttpContext ctx, SandboxRuntime rt)
    {
        if (await RequestBody.RefuseEmptyJsonAsync(ctx)) return;
        var query = await ReadQuery(ctx, withPaging: true);
        if (query is null) return;
        var (limit, after, domainsOnly, search) = query.Value;
        var items = rt.State.ListBlock(limit, after, domainsOnly, search);
        var org = rt.State.OrganizationId;
        await ApiResponses.Json(ctx, w =>
        {
            w.WriteStartObject();
            WriteItems(w, "items", items, org);
            // As on leads: a page with data carries a cursor, so only an empty page ends a walk.
            if (items.Count > 0) w.WriteString("next_starting_after", items[^1].IdText);
            w.WriteEndObject();
        });
    }

    private static async Task Download(HttpContext ctx, SandboxRuntime rt)
    {
        if (await RequestBody.RefuseEmptyJsonAsync(ctx)) return;
        var query = await ReadQuery(ctx, withPaging: false);
        if (query is null) return;
        var items = rt.State.AllBlock(query.Value.DomainsOnly, query.Value.Search);
        ctx.Response.ContentType = "text/csv; charset=utf-8";
        var csv = new System.Text.StringBuilder("Blocked Email,Date\r\n");
        foreach (var e in items)
            csv.Append(e.Value).Append(',').Append(e.TimestampCreated.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append("\r\n");
        await ctx.Response.WriteAsync(csv.ToString(), ctx.RequestAborted);
    }

    private static async Task Get(HttpContext ctx, SandboxRuntime rt)
    {
        if (await RequestBody.RefuseEmptyJsonAsync(ctx)) return;
        if (await Id(ctx) is not { } id) return;
        if (rt.State.GetBlockEntry(id) is not { } entry)
        {
            await ApiResponses.Error(ctx, 404, "Resource not found");
            return;
        }
        await ApiResponses.Json(ctx, w => Write(w, entry, rt.State.OrganizationId));
    }

    private static async Task Patch(HttpContext ctx, SandboxRuntime rt)
    {
        if (await Id(ctx) is not { } id) return;
        using var doc = await RequestBody.ReadAsync(ctx, "PATCH", Root + "/{id}", rt.Strict);
        if (doc is null) return;
        if (Fields.Str(doc.RootElement, "bl_value") is not { } value)
        {
            await ApiResponses.Error(ctx, 400, "body must NOT have fewer than 1 properties");
            return;
        }
        var (entry, refusal) = rt.State.UpdateBlockEntry(id, value);
        if (refusal is not null)
        {
            await ApiResponses.Error(ctx, refusal.Status, refusal.Message);
            return;
        }
        await ApiResponses.Json(ctx, w => Write(w, entry!, rt.State.OrganizationId));
    }

    private static async Task DeleteOne(HttpContext ctx, SandboxRuntime rt)
    {
        if (await RequestBody.RefuseEmptyJsonAsync(ctx)) return;
        if (await Id(ctx) is not { } id) return;
        if (rt.State.DeleteBlockEntry(id) is not { } entry)
        {
            await ApiResponses.Error(ctx, 404, "Resource not found");
            return;
        }
        if (await ApiGuard.LoseAnswerAsync(ctx, rt)) return;
        await ApiResponses.Json(ctx, w => Write(w, entry, rt.State.OrganizationId));
    }

    private static async Task BulkDelete(HttpContext ctx, SandboxRuntime rt)
    {
        using var doc = await RequestBody.ReadAsync(ctx, "POST", Root + "/bulk-delete", rt.Strict);
        if (doc is null) return;
        var raw = Fields.Strings(doc.RootElement, "ids")!;
        var ids = new List<Guid>(raw.Count);
        for (var i = 0; i < raw.Count; i++)
        {
            if (!Guid.TryParse(raw[i], out var g))
            {
                await ApiResponses.Error(ctx, 400, $"body/ids/{i} must match format \"uuid\"");
                return;
            }
            ids.Add(g);
        }
        var deleted = rt.State.DeleteBlockEntries(ids);
        if (await ApiGuard.LoseAnswerAsync(ctx, rt)) return;
        await WriteArray(ctx, rt, deleted);
    }

    private static async Task DeleteAll(HttpContext ctx, SandboxRuntime rt)
    {
        if (await RequestBody.RefuseEmptyJsonAsync(ctx)) return;
        var query = await ReadQuery(ctx, withPaging: false);
        if (query is null) return;
        var deleted = rt.State.WipeBlockList(query.Value.DomainsOnly, query.Value.Search);
        ctx.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("ColdEmail.Sandbox.BlockList").LogWarning(
            "DELETE /api/v2/block-lists-entries (delete all) was called: {Deleted} entries removed (domains_only={DomainsOnly}, search={Search})",
            deleted.Count, query.Value.DomainsOnly, query.Value.Search);
        await WriteArray(ctx, rt, deleted);
    }

    private static Task WriteArray(HttpContext ctx, SandboxRuntime rt, List<BlockListEntry> entries)
    {
        var org = rt.State.OrganizationId;
        return ApiResponses.Json(ctx, w =>
        {
            w.WriteStartArray();
            foreach (var e in entries) Write(w, e, org);
            w.WriteEndArray();
        });
    }

    private static void WriteItems(Utf8JsonWriter w, string name, List<BlockListEntry> entries, string org)
    {
        w.WriteStartArray(name);
        foreach (var e in entries) Write(w, e, org);
        w.WriteEndArray();
    }

    private static void Write(Utf8JsonWriter w, BlockListEntry e, string org)
    {
        w.WriteStartObject();
        w.WriteString("id", e.IdText);
        LeadJson.Time(w, "timestamp_created", e.TimestampCreated);
        w.WriteString("organization_id", org);
        w.WriteString("bl_value", e.Value);
        w.WriteBoolean("is_domain", e.IsDomain);
        w.WriteEndObject();
    }

    private static async Task<Guid?> Id(HttpContext ctx)
    {
        if (Guid.TryParse(ctx.GetRouteValue("id") as string, out var id)) return id;
        await ApiResponses.Error(ctx, 400, "params/id must match format \"uuid\"");
        return null;
    }

    /// <summary>The query string as the schema types it (limit 1..100, domains_only boolean); null after a 400.</summary>
    private static async Task<(int Limit, Guid? After, bool? DomainsOnly, string? Search)?> ReadQuery(HttpContext ctx, bool withPaging)
    {
        var q = ctx.Request.Query;
        var limit = 100;
        Guid? after = null;
        if (withPaging && q["limit"].ToString() is { Length: > 0 } rawLimit
            && (!int.TryParse(rawLimit, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
        {
            await ApiResponses.Error(ctx, 400, "querystring/limit must be <= 100 and >= 1");
            return null;
        }
        if (withPaging && q["starting_after"].ToString() is { Length: > 0 } rawAfter)
        {
            if (!Guid.TryParse(rawAfter, out var g))
            {
                await ApiResponses.Error(ctx, 400, $"querystring/starting_after '{rawAfter}' is not a block list entry id");
                return null;
            }
            after = g;
        }
        bool? domainsOnly = null;
        if (q["domains_only"].ToString() is { Length: > 0 } rawDomains)
        {
            if (!bool.TryParse(rawDomains, out var d))
            {
                await ApiResponses.Error(ctx, 400, "querystring/domains_only must be boolean");
                return null;
            }
            domainsOnly = d;
        }
        var search = q["search"].ToString();
        return (limit, after, domainsOnly, search.Length == 0 ? null : search);
    }
}
