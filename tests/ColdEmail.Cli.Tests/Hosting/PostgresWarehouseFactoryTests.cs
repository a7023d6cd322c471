using ColdEmail.Cli.Hosting;
using ColdEmail.Pipeline.Settings;
using ColdEmail.Warehouse.Postgres;

namespace ColdEmail.Cli.Tests.Hosting;

public sealed class PostgresWarehouseFactoryTests
{
    private const string Key = "coldemail.warehouse.postgres.connection-string";

    private static ColdEmailSettings Load(string text, Func<string, string?> env) =>
        SettingsLoader.Load(new SettingsSources(ConfigText: text, ConfigTable: null, Environment: env)).Settings;

    [Fact]
    public async Task Kind_postgres_opens_the_postgres_adapter_with_the_connection_string_from_the_environment()
    {
        var settings = Load("coldemail.warehouse.kind = postgres",
            name => name == "COLDEMAIL_POSTGRES" ? "Host=127.0.0.1;Port=1;Username=u;Password=hunter2;Database=d" : null);

        var warehouse = WarehouseFactory.Open(settings, TimeProvider.System);
        try
        {
            Assert.IsType<PostgresLeadWarehouse>(warehouse);
            Assert.DoesNotContain("hunter2", settings.ToString());
        }
        finally
        {
            await WarehouseFactory.CloseAsync(warehouse);
        }
    }

    [Fact]
    public void A_missing_connection_string_is_a_configuration_error_naming_the_key()
    {
        var loadError = Assert.Throws<SettingsException>(() => Load("coldemail.warehouse.kind = postgres", _ => null));
        Assert.Contains(Key, loadError.Message);

        var settings = Load("", _ => null);
        settings = settings with { Warehouse = settings.Warehouse with { Kind = WarehouseKind.Postgres } };
        var openError = Assert.Throws<CliUsageException>(() => WarehouseFactory.Open(settings, TimeProvider.System));
        Assert.Contains(Key, openError.Message);
    }

    [Fact]
    public void A_malformed_connection_string_is_named_but_never_echoed()
    {
        var settings = Load("coldemail.warehouse.kind = postgres",
            name => name == "COLDEMAIL_POSTGRES" ? "Bogus Keyword=1;Password=hunter2" : null);

        var error = Assert.Throws<CliUsageException>(() => WarehouseFactory.Open(settings, TimeProvider.System));

        Assert.Contains(Key, error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
        Assert.DoesNotContain("Bogus", error.Message);
    }
}
