namespace JobRuntime.Storage.Platform;

/// <summary>A spider of a project.</summary>
/// <param name="Project">The project.</param>
/// <param name="Id">Its number within the project (1, 2, 3, ... by first use of its name).</param>
/// <param name="Name">Its name, unique within the project.</param>
/// <param name="Tags">Its tags as a JSON array.</param>
/// <param name="Program">What runs it as a JSON object (<c>{"type":"shell","command":...}</c>, <c>{"type":"javascript","source":...}</c>, <c>{"type":"dotnet","handler":...}</c>), or null for a spider that external runners start.</param>
public sealed record PlatformSpiderRecord(long Project, int Id, string Name, string Tags, string? Program);

/// <summary>An activity event of a project.</summary>
/// <param name="Sequence">Its order of arrival (larger is newer).</param>
/// <param name="Timestamp">When it arrived, Unix ms.</param>
/// <param name="Data">The event, a JSON object.</param>
public sealed record PlatformActivityRecord(long Sequence, long Timestamp, string Data);

/// <summary>An API user: the SHA-256 of their key, the projects they see, whether they administer the platform.</summary>
/// <param name="Name">The user's name.</param>
/// <param name="KeyHash">SHA-256 of the API key.</param>
/// <param name="Projects">The project ids the user sees.</param>
/// <param name="Admin">True for an administrator (sees every project, may use the admin API).</param>
public sealed record PlatformUserRecord(string Name, byte[] KeyHash, IReadOnlyList<long> Projects, bool Admin);
