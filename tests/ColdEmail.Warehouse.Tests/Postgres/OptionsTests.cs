using ColdEmail.Warehouse.Postgres;

namespace ColdEmail.Warehouse.Tests.Postgres;

public sealed class PostgresOptionsTests
{
    private const string Cs = "Host=db.internal;Port=6543;Username=svc;Password=hunter2;Database=leads";

    [Fact]
    public void The_target_is_described_without_user_or_password()
    {
        var options = new PostgresWarehouseOptions(Cs);

        Assert.Equal("db.internal:6543/leads", PostgresWarehouseOptions.Describe(Cs));
        Assert.DoesNotContain("hunter2", options.ToString());
        Assert.DoesNotContain("svc", options.ToString());
        Assert.Contains("db.internal:6543/leads", options.ToString());
    }

    [Fact]
    public void A_malformed_connection_string_fails_at_construction_without_echoing_it()
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgresLeadWarehouse(new PostgresWarehouseOptions("Nonsense Key=1;Password=hunter2")));

        Assert.DoesNotContain("hunter2", error.Message);
        Assert.Equal("(invalid connection string)", PostgresWarehouseOptions.Describe("Nonsense Key=1;Password=hunter2"));
    }
}
