using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Npgsql;

namespace JobRuntime.Hosting;

/// <summary>
/// Checks <see cref="JobRuntimeClusterOptions"/>: a cluster profile needs a connection string of
/// its engine's form. Messages name the configuration key and never quote the connection string.
/// </summary>
internal sealed class JobRuntimeClusterOptionsValidator : IValidateOptions<JobRuntimeClusterOptions>
{
    private const string Key = JobRuntimeClusterOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, JobRuntimeClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Provider))
        {
            return ValidateOptionsResult.Fail($"{Key}:Provider must be Localhost, AzureStorage or PostgreSQL; it is '{options.Provider}'.");
        }
        if (options.AzureQueueCount is < 1 or > 64)
        {
            return ValidateOptionsResult.Fail($"{Key}:AzureQueueCount must be from 1 to 64; it is {options.AzureQueueCount}.");
        }
        if (options.MinimumReminderPeriod is { } period && period <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail($"{Key}:MinimumReminderPeriod must be positive; it is {period}.");
        }
        if (options.Provider == ClusterProvider.Localhost)
        {
            return ValidateOptionsResult.Success;
        }
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"{Key}:ConnectionString is required when {Key}:Provider is {options.Provider}.");
        }
        return options.Provider == ClusterProvider.AzureStorage
            ? CheckAzure(options.ConnectionString)
            : CheckPostgres(options.ConnectionString);
    }

    private static ValidateOptionsResult CheckAzure(string connectionString)
    {
        try
        {
            _ = new TableServiceClient(connectionString);
            return ValidateOptionsResult.Success;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return ValidateOptionsResult.Fail($"{Key}:ConnectionString is not an Azure Storage connection string (AccountName, AccountKey and endpoints, or UseDevelopmentStorage=true).");
        }
    }

    private static ValidateOptionsResult CheckPostgres(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.Host)
                ? ValidateOptionsResult.Fail($"{Key}:ConnectionString must name the PostgreSQL server (Host=...).")
                : ValidateOptionsResult.Success;
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return ValidateOptionsResult.Fail($"{Key}:ConnectionString is not an Npgsql connection string (Host=...;Port=...;Username=...;Database=...).");
        }
    }
}
