using JobRuntime.Sqlite.Engine;

namespace JobRuntime.Sqlite.Platform;

/// <summary>The administrator's deletes: users, spiders and whole projects, each in one transaction.</summary>
public sealed partial class SqlitePlatformProjectStore
{
    private static readonly SqlStatement[] s_projectTables =
    [
        PlatformSql.ProjectDeleteData, PlatformSql.ProjectDeleteJobs, PlatformSql.ProjectDeleteSpiders,
        PlatformSql.ProjectDeleteActivity, PlatformSql.ProjectDeleteCollections, PlatformSql.ProjectDeleteCollectionVersions,
        PlatformSql.ProjectDeleteFrontierFingerprints, PlatformSql.ProjectDeleteFrontierRequests, PlatformSql.ProjectDeleteRow,
    ];

    /// <inheritdoc/>
    public Task<bool> UserDeleteAsync(string name, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(s => s.Command(PlatformSql.UserDelete).Bind("@name", name).ExecuteNonQuery() > 0, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> SpiderDeleteAsync(long project, int spider, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(s =>
        {
            s.Command(PlatformSql.SpiderDeleteData).Bind("@project", project).Bind("@spider", spider).ExecuteNonQuery();
            s.Command(PlatformSql.SpiderDeleteJobs).Bind("@project", project).Bind("@spider", spider).ExecuteNonQuery();
            return s.Command(PlatformSql.SpiderDelete).Bind("@project", project).Bind("@spider", spider).ExecuteNonQuery() > 0;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> ProjectDeleteAsync(long project, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(s =>
        {
            var deleted = 0;
            foreach (var statement in s_projectTables)
            {
                deleted += s.Command(statement).Bind("@project", project).ExecuteNonQuery();
            }
            return deleted > 0;
        }, cancellationToken);
}
