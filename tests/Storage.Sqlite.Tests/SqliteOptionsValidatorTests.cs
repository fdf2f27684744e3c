namespace JobRuntime.Sqlite.Tests;

public sealed class SqliteOptionsValidatorTests
{
    private readonly SqliteOptionsValidator _validator = new();

    [Fact]
    public void The_defaults_are_valid()
    {
        var options = new SqliteOptions();

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.Equal("jobruntime.db", options.DataSource);
        Assert.Equal(SqliteSynchronous.Normal, options.Synchronous);
        Assert.Equal(TimeSpan.FromSeconds(5), options.BusyTimeout);
        Assert.Equal(512, options.WriteBatchSize);
    }

    [Theory]
    [InlineData("", "DataSource")]
    [InlineData(":memory:", "DataSource")]
    public void A_data_source_that_is_not_a_file_path_is_refused(string dataSource, string named)
    {
        var result = _validator.Validate(null, new SqliteOptions { DataSource = dataSource });

        Assert.True(result.Failed);
        Assert.Contains(named, result.FailureMessage);
    }

    [Fact]
    public void A_negative_busy_timeout_is_refused()
    {
        var result = _validator.Validate(null, new SqliteOptions { BusyTimeout = TimeSpan.FromSeconds(-1) });

        Assert.Contains("BusyTimeout", result.FailureMessage);
    }

    [Fact]
    public void An_undefined_synchronous_mode_is_refused()
    {
        var result = _validator.Validate(null, new SqliteOptions { Synchronous = (SqliteSynchronous)7 });

        Assert.Contains("Synchronous", result.FailureMessage);
    }
}
