using System.Collections.Concurrent;
using ColdEmail.Warehouse.BigQuery;
using Microsoft.Extensions.Time.Testing;

namespace ColdEmail.Warehouse.Tests.BigQuery;

/// <summary>
/// Issue 11 finding 8, with BigQuery's recorded REST answers: a 403 rateLimitExceeded and a 400 "Transaction is
/// aborted due to concurrent update" are retried with backoff (on virtual time), a long-term quotaExceeded is not,
/// writes to one table are serialised inside the process, a job that never completes stops at its deadline naming
/// the job, and an HttpClient timeout is a (retried) timeout error, never a cancellation.
/// </summary>
public sealed class BigQueryUnderLoadTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 15, 0, 0, TimeSpan.Zero);
    private const string RateLimitMessage = "Exceeded rate limits: too many table dml insert operations for this table. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas";
    private const string ConcurrentUpdate = "Transaction is aborted due to concurrent update against table acme-prod:email_analytics.ops_inst_state. Transaction ID: 65a2f1c8-0000-2f4e-b2ba-883d24f6a0e4";

    private FakeBigQueryServer _server = null!;
    private readonly List<HttpClient> _clients = [];

    public async Task InitializeAsync() => _server = await FakeBigQueryServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var c in _clients) c.Dispose();
        await _server.DisposeAsync();
    }

    private BigQueryLeadWarehouse Warehouse(TimeProvider time, IReadOnlyList<TimeSpan> delays, TimeSpan? httpTimeout = null)
    {
        var http = new HttpClient { Timeout = httpTimeout ?? TimeSpan.FromSeconds(30) };
        _clients.Add(http);
        var options = new BigQueryWarehouseOptions("acme-prod", "email_analytics", "EU", Endpoint: _server.BaseAddress,
            TimeProvider: time, TransientRetryDelays: delays);
        return new BigQueryLeadWarehouse(http, options, new StaticTokenSource("ya29.t"));
    }

    private List<RecordedRequest> Posts() => _server.Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/queries", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task A_403_rate_limit_is_retried_as_the_same_request_after_an_exponential_backoff_on_virtual_time()
    {
        var time = new WatchedTime(Now);
        var warehouse = Warehouse(time, [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)]);
        _server.Enqueue(_ => Bq.Error(403, "rateLimitExceeded", RateLimitMessage), _ => Bq.Error(403, "rateLimitExceeded", RateLimitMessage));

        var write = warehouse.WriteConfigAsync("feature_flags", """{"email_verification_enabled":true}""", Now);

        await time.WaitForTimersAsync(1, write);
        time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Single(_server.Requests);
        time.Advance(TimeSpan.FromSeconds(0.1));
        await time.WaitForTimersAsync(2, write);
        Assert.Equal(2, _server.Requests.Count);
        time.Advance(TimeSpan.FromSeconds(3.9));
        Assert.Equal(2, _server.Requests.Count);
        time.Advance(TimeSpan.FromSeconds(0.1));
        await write.WaitAsync(TimeSpan.FromSeconds(30)); // a failure, not a hang, if a delay is never due

        var posts = Posts();
        Assert.Equal(3, posts.Count);
        // Same requestId: BigQuery returns the job it already started rather than running the MERGE twice.
        Assert.Single(posts.Select(p => p.Body!["requestId"]!.GetValue<string>()).Distinct());
    }

    [Fact]
    public async Task A_long_term_quota_exceeded_is_not_retried_and_says_so()
    {
        var warehouse = Warehouse(new FakeTimeProvider(Now), [TimeSpan.Zero, TimeSpan.Zero]);
        _server.Enqueue(_ => Bq.Error(403, "quotaExceeded", "Quota exceeded: Your project exceeded quota for free query bytes scanned."));

        var e = await Assert.ThrowsAnyAsync<WarehouseException>(() => warehouse.ReadConfigAsync());

        Assert.Contains("quotaExceeded", e.Message);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task A_transaction_aborted_by_a_concurrent_update_is_submitted_again_as_a_new_job_after_a_backoff()
    {
        var time = new WatchedTime(Now);
        var warehouse = Warehouse(time, [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)]);
        _server.Enqueue(_ => Bq.Error(400, "invalidQuery", ConcurrentUpdate));

        var write = warehouse.ResolveDeadLettersAsync(["dl-1"], "retried", Now);

        await time.WaitForTimersAsync(1, write);
        time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Single(_server.Requests);
        time.Advance(TimeSpan.FromSeconds(0.1));
        await write.WaitAsync(TimeSpan.FromSeconds(30));

        var posts = Posts();
        Assert.Equal(2, posts.Count);
        // The aborted job ran without effect; the same requestId would only return the failed job again.
        Assert.NotEqual(posts[0].Body!["requestId"]!.GetValue<string>(), posts[1].Body!["requestId"]!.GetValue<string>());
        Assert.Equal(posts[0].Sql, posts[1].Sql);
    }

    [Fact]
    public async Task A_concurrent_update_reported_while_polling_the_job_is_submitted_again()
    {
        var warehouse = Warehouse(new FakeTimeProvider(Now), [TimeSpan.Zero]);
        _server.Enqueue(Bq.Pending("job_a"));
        _server.Enqueue(_ => Bq.Error(400, "invalidQuery", ConcurrentUpdate));
        _server.Enqueue(Bq.Done("job_b", 1));

        await warehouse.ResolveDeadLettersAsync(["dl-1"], "retried", Now);

        Assert.Equal(["POST", "GET", "POST"], _server.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task Retries_that_run_out_fail_with_the_job_and_the_count_of_attempts()
    {
        var warehouse = Warehouse(new FakeTimeProvider(Now), [TimeSpan.Zero, TimeSpan.Zero]);
        _server.Fallback = _ => Bq.Error(400, "invalidQuery", ConcurrentUpdate);

        var e = await Assert.ThrowsAnyAsync<WarehouseException>(() => warehouse.ResolveDeadLettersAsync(["dl-1"], "retried", Now));

        Assert.Contains("concurrent update", e.Message);
        Assert.Contains("gave up after 3 attempts", e.Message);
    }

    [Fact]
    public async Task A_job_that_never_completes_stops_at_its_deadline_with_an_error_naming_the_job()
    {
        // Each clock reading moves virtual time on a minute: the 10-minute deadline passes after a few polls.
        var time = new FakeTimeProvider(Now) { AutoAdvanceAmount = TimeSpan.FromMinutes(1) };
        var warehouse = Warehouse(time, [TimeSpan.Zero]);
        _server.Fallback = r => new FakeResponse(200, Bq.Pending("job_stuck_42"));

        // Real-time guard only: without a deadline the polling would never end.
        var e = await Assert.ThrowsAnyAsync<WarehouseException>(() => warehouse.ReadConfigAsync().WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains("job_stuck_42", e.Message);
        Assert.Contains("did not complete within 600 s", e.Message);
        Assert.Equal("job_stuck_42", e.JobId);
        Assert.Contains(_server.Requests, r => r.Method == "POST" && r.Path.EndsWith("/jobs/job_stuck_42/cancel", StringComparison.Ordinal));
        Assert.InRange(_server.Requests.Count(r => r.Method == "GET"), 1, 20);
    }

    [Fact]
    public async Task An_HttpClient_timeout_is_retried_and_is_never_a_cancellation()
    {
        var warehouse = Warehouse(new FakeTimeProvider(Now), [TimeSpan.Zero, TimeSpan.Zero], httpTimeout: TimeSpan.FromMilliseconds(300));
        var answered = 0;
        _server.Responder = async (r, ct) =>
        {
            if (Interlocked.Increment(ref answered) == 1) await Task.Delay(Timeout.Infinite, ct);
            return new FakeResponse(200, Bq.Done("job_ok"));
        };

        await warehouse.WriteConfigAsync("feature_flags", "{}", Now);

        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task An_HttpClient_timeout_that_persists_is_a_warehouse_timeout_error()
    {
        var warehouse = Warehouse(new FakeTimeProvider(Now), [TimeSpan.Zero], httpTimeout: TimeSpan.FromMilliseconds(200));
        _server.Responder = async (r, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new FakeResponse(200, Bq.Done("never"));
        };

        var e = await Record.ExceptionAsync(() => warehouse.WriteConfigAsync("feature_flags", "{}", Now));

        var error = Assert.IsAssignableFrom<WarehouseException>(e);
        Assert.Contains("timed out", error.Message);
    }

    [Fact]
    public async Task Writes_to_one_table_are_serialised_inside_the_process()
    {
        var warehouse = Warehouse(new FakeTimeProvider(Now), [TimeSpan.Zero]);
        var scope = new Uri(_server.BaseAddress, "bigquery/v2/projects/acme-prod/").ToString();
        var events = new ConcurrentQueue<string>();
        var posts = 0;
        _server.Responder = async (r, ct) =>
        {
            if (r.Method == "POST")
            {
                var n = Interlocked.Increment(ref posts);
                events.Enqueue($"submit {n}");
                return new FakeResponse(200, n == 1 ? Bq.Pending("job_1") : Bq.Done("job_" + n));
            }
            // The first job finishes only once the second write is either waiting for the table or already submitted.
            while (TableWriteLocks.Waiting(scope, "acme-prod.email_analytics.config") == 0 && Volatile.Read(ref posts) < 2)
                await Task.Delay(5, ct);
            events.Enqueue("complete 1");
            return new FakeResponse(200, Bq.Done("job_1"));
        };

        var first = warehouse.WriteConfigAsync("feature_flags", """{"a":1}""", Now);
        await _server.WaitForRequestsAsync(1);
        var second = warehouse.WriteConfigAsync("processing_limits", """{"b":2}""", Now);
        await Task.WhenAll(first, second);

        Assert.Equal(["submit 1", "complete 1", "submit 2"], events);
    }

    [Theory]
    [InlineData("MERGE `p.d.ops_inst_state` T USING (SELECT 1) S ON FALSE WHEN MATCHED THEN UPDATE SET a = 1 WHEN NOT MATCHED THEN INSERT (a) VALUES (1)", "p.d.ops_inst_state")]
    [InlineData("BEGIN TRANSACTION; INSERT INTO `p.d.ops_lead_history` (a) VALUES (1); UPDATE `p.d.ops_inst_state` SET a = 1 WHERE TRUE; COMMIT TRANSACTION;", "p.d.ops_inst_state,p.d.ops_lead_history")]
    [InlineData("DELETE FROM p.d.suppression WHERE TRUE", "p.d.suppression")]
    [InlineData("SELECT * FROM `p.d.ops_inst_state` WHERE status = 'UPDATE'", "")]
    public void The_tables_a_statement_writes_are_found(string sql, string tables) =>
        Assert.Equal(tables, string.Join(',', TableWriteLocks.WrittenTables(sql)));

    /// <summary>Virtual time that tells when a backoff delay has been scheduled, so the test moves time only after it.</summary>
    private sealed class WatchedTime(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private int _timers;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            // Counted once scheduled, not before: a test that moved time between the count and the scheduling would leave the
            // delay due after the last move, and the operation waiting for it forever (a CI run hung here).
            var timer = base.CreateTimer(callback, state, dueTime, period);
            Interlocked.Increment(ref _timers);
            return timer;
        }

        /// <summary>Returns once <paramref name="count"/> delays are scheduled; if <paramref name="operation"/> ends first (no retry was scheduled), its outcome fails the test instead of a hang.</summary>
        public async Task WaitForTimersAsync(int count, Task operation)
        {
            while (Volatile.Read(ref _timers) < count)
            {
                if (operation.IsCompleted)
                {
                    await operation;
                    Assert.Fail($"the operation finished without scheduling backoff delay {count}");
                }
                await Task.Delay(5);
            }
        }
    }
}
