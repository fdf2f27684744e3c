namespace JobRuntime.Storage.Platform;

/// <summary>The platform's projects, their settings, spiders, activity log and API users.</summary>
public interface IPlatformProjectStore
{
    /// <summary>Creates the project if it does not exist.</summary>
    Task ProjectEnsureAsync(long project, CancellationToken cancellationToken = default);

    /// <summary>Every project id, ascending.</summary>
    Task<IReadOnlyList<long>> ProjectListAsync(CancellationToken cancellationToken = default);

    /// <summary>The project's settings JSON object, or null when there is no such project.</summary>
    Task<string?> ProjectSettingsGetAsync(long project, CancellationToken cancellationToken = default);

    /// <summary>Replaces the project's settings JSON object (creating the project).</summary>
    Task ProjectSettingsSetAsync(long project, string settings, CancellationToken cancellationToken = default);

    /// <summary>The spider of that name, or null.</summary>
    Task<PlatformSpiderRecord?> SpiderGetByNameAsync(long project, string name, CancellationToken cancellationToken = default);

    /// <summary>The spider of that number, or null.</summary>
    Task<PlatformSpiderRecord?> SpiderGetAsync(long project, int spider, CancellationToken cancellationToken = default);

    /// <summary>The spider of that name, created (with the next number, creating the project) when there is none.</summary>
    Task<PlatformSpiderRecord> SpiderEnsureAsync(long project, string name, CancellationToken cancellationToken = default);

    /// <summary>Writes a spider's tags and program.</summary>
    Task SpiderUpdateAsync(PlatformSpiderRecord spider, CancellationToken cancellationToken = default);

    /// <summary>The project's spiders by number.</summary>
    Task<IReadOnlyList<PlatformSpiderRecord>> SpiderListAsync(long project, CancellationToken cancellationToken = default);

    /// <summary>Appends events to the project's activity log, in order.</summary>
    Task ActivityAppendAsync(long project, IReadOnlyList<string> events, CancellationToken cancellationToken = default);

    /// <summary>The project's newest <paramref name="count"/> events, newest first.</summary>
    Task<IReadOnlyList<PlatformActivityRecord>> ActivityListAsync(long project, int count, CancellationToken cancellationToken = default);

    /// <summary>Adds or replaces an API user.</summary>
    Task UserSetAsync(PlatformUserRecord user, CancellationToken cancellationToken = default);

    /// <summary>The user whose key has this hash, or null.</summary>
    Task<PlatformUserRecord?> UserFindByKeyAsync(byte[] keyHash, CancellationToken cancellationToken = default);

    /// <summary>Deletes an API user stored by the admin API; false when there was none.</summary>
    Task<bool> UserDeleteAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Deletes a spider with its jobs and their data; false when there was no such spider.</summary>
    Task<bool> SpiderDeleteAsync(long project, int spider, CancellationToken cancellationToken = default);

    /// <summary>Deletes a project and everything in it (settings, spiders, jobs and their data, activity, collections, frontiers); false when it held nothing.</summary>
    Task<bool> ProjectDeleteAsync(long project, CancellationToken cancellationToken = default);
}
