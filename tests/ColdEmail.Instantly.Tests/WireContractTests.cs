using System.Text.Json;
using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Sandbox.Validation;
using Json.Schema;

namespace ColdEmail.Instantly.Tests;

/// <summary>
/// What the client puts on the wire, checked against the official schema with an independent validator
/// (JsonSchema.Net) and against the schema's declared field names — a misnamed field would be dropped silently
/// by the real API, so none may be sent.
/// </summary>
public sealed class WireContractTests
{
    private sealed record Sent(string Method, string Path, string? ContentType, byte[]? Body);

    private sealed class Recorder(List<Sent> sent) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(ct);
            lock (sent) sent.Add(new Sent(request.Method.Method, request.RequestUri!.AbsolutePath, request.Content?.Headers.ContentType?.ToString(), body));
            return await base.SendAsync(request, ct);
        }
    }

    [Fact]
    public async Task Every_body_matches_the_schema_and_bodiless_calls_send_no_content_type()
    {
        await using var env = await ClientEnv.StartAsync();
        var sent = new List<Sent>();
        using var http = new HttpClient(new Recorder(sent));
        var client = new InstantlyHttpClient(http, new InstantlyClientOptions { BaseAddress = env.Sandbox.BaseAddress, ApiKey = ClientEnv.Key });

        var added = await client.AddLeadsAsync(new BulkAddRequest(env.Smb, ClientEnv.Leads(3)));
        var created = await client.CreateLeadAsync(new CreateLeadRequest(env.Smb, new NewLead("one@acme.com", "One", "Person", "Acme", "https://acme.com", "Hi",
            new Dictionary<string, object> { ["tier"] = "gold", ["score"] = 4.5 })));
        var listed = await client.ListLeadsAsync(new ListLeadsRequest
        {
            CampaignId = env.Smb, Ids = [added.Value!.CreatedLeads[0].Id], Contacts = ["one@acme.com"], Filter = "FILTER_VAL_ACTIVE", Limit = 50,
            StartingAfter = Guid.CreateVersion7().ToString(),
        });
        var got = await client.GetLeadAsync(created.Value!.Id);
        var deletedOne = await client.DeleteLeadAsync(created.Value.Id);
        var deletedMany = await client.DeleteLeadsAsync(env.Smb, [added.Value.CreatedLeads[1].Id]);
        var campaign = await client.GetCampaignAsync(env.Smb);
        var campaigns = await client.ListCampaignsAsync(10);
        var analytics = await client.GetCampaignAnalyticsAsync([env.Smb]);
        var verification = await client.StartEmailVerificationAsync("one@acme.com");
        var polled = await client.GetEmailVerificationAsync("one@acme.com");
        var blocked = await client.AddBlockListEntriesAsync(["gone@acme.com", "competitor.com"]);

        Assert.All(new[] { added.IsSuccess, created.IsSuccess, listed.IsSuccess, got.IsSuccess, deletedOne.IsSuccess, deletedMany.IsSuccess,
            campaign.IsSuccess, campaigns.IsSuccess, analytics.IsSuccess, verification.IsSuccess, polled.IsSuccess, blocked.IsSuccess }, Assert.True);
        Assert.Equal(12, sent.Count);
        foreach (var request in sent)
        {
            var route = Route(request.Method, request.Path);
            if (route is null)
            {
                Assert.True(request.Body is null && request.ContentType is null, $"{request.Method} {request.Path} sent a body or a content type");
                continue;
            }
            Assert.StartsWith("application/json", request.ContentType);
            using var doc = JsonDocument.Parse(request.Body!);
            var schemaElement = ApiSchema.Instance.RequestSchema(request.Method, route);
            var schema = JsonSchema.Build(schemaElement, new BuildOptions { Dialect = Dialect.Draft202012 });
            var result = schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
            Assert.True(result.IsValid, $"{request.Method} {route}: {doc.RootElement.GetRawText()}");
            AssertOnlyDeclaredFields(doc.RootElement, schemaElement, $"{request.Method} {route}");
        }
    }

    [Fact]
    public async Task The_campaign_field_is_named_as_the_real_api_names_it_on_each_call()
    {
        await using var env = await ClientEnv.StartAsync();
        var sent = new List<Sent>();
        using var http = new HttpClient(new Recorder(sent));
        var client = new InstantlyHttpClient(http, new InstantlyClientOptions { BaseAddress = env.Sandbox.BaseAddress, ApiKey = ClientEnv.Key });

        await client.AddLeadsAsync(new BulkAddRequest(env.Smb, ClientEnv.Leads(1)));
        await client.CreateLeadAsync(new CreateLeadRequest(env.Smb, new NewLead("x@acme.com")));
        await client.ListLeadsAsync(new ListLeadsRequest { CampaignId = env.Smb });
        await client.DeleteLeadsAsync(env.Smb, [Guid.CreateVersion7().ToString()]);

        string[] Keys(int i) => JsonDocument.Parse(sent[i].Body!).RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Contains("campaign_id", Keys(0));
        Assert.Contains("campaign", Keys(1));
        Assert.Contains("campaign", Keys(2));
        Assert.Contains("campaign_id", Keys(3));
        Assert.DoesNotContain("campaign", Keys(0));
        Assert.DoesNotContain("campaign_id", Keys(1));
        Assert.DoesNotContain("campaign_id", Keys(2));
    }

    private static string? Route(string method, string path) => (method, path) switch
    {
        ("POST", "/api/v2/leads/add") => "/api/v2/leads/add",
        ("POST", "/api/v2/leads") => "/api/v2/leads",
        ("POST", "/api/v2/leads/list") => "/api/v2/leads/list",
        ("DELETE", "/api/v2/leads") => "/api/v2/leads",
        ("POST", "/api/v2/email-verification") => "/api/v2/email-verification",
        ("POST", "/api/v2/block-lists-entries/bulk-create") => "/api/v2/block-lists-entries/bulk-create",
        _ => null,
    };

    private static void AssertOnlyDeclaredFields(JsonElement value, JsonElement schema, string where)
    {
        if (value.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var props))
        {
            foreach (var p in value.EnumerateObject())
            {
                Assert.True(props.TryGetProperty(p.Name, out var sub), $"{where}: '{p.Name}' is not a field of the schema");
                AssertOnlyDeclaredFields(p.Value, sub, $"{where}/{p.Name}");
            }
        }
        else if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
            foreach (var item in value.EnumerateArray()) AssertOnlyDeclaredFields(item, items, where + "[]");
    }
}
