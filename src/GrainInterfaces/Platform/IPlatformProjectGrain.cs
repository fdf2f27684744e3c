namespace JobRuntime.GrainInterfaces.Platform;

/// <summary>
/// A platform project's job queue (key: the numeric project id). It numbers new jobs, refuses
/// duplicates, hands pending jobs to external runners (<c>startjob</c>) and starts the jobs of
/// runnable spiders while the project's capacity (units) allows. Calls are serialized, so two
/// schedules of the same spider cannot both pass the duplicate check.
/// </summary>
public interface IPlatformProjectGrain : IGrainWithIntegerKey
{
    /// <summary>Creates a job; a duplicate comes back as <see cref="PlatformPushResult.Error"/>.</summary>
    Task<PlatformPushResult> PushAsync(PlatformPushRequest request);

    /// <summary>Starts the oldest pending job of the highest priority; its metadata with <c>key</c> and <c>auth</c>, or null when none is pending.</summary>
    Task<string?> StartNextAsync(string parametersJson, string user);

    /// <summary>Starts pending jobs of runnable spiders while capacity allows.</summary>
    [Orleans.Concurrency.OneWay]
    Task DispatchAsync();

    /// <summary>The project's counts and capacity.</summary>
    Task<PlatformProjectSummary> GetSummaryAsync();
}

/// <summary>A job to create.</summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.Platform.PushRequest")]
public sealed record PlatformPushRequest
{
    /// <summary>The spider's name; created when unknown unless <see cref="SpiderMustExist"/>.</summary>
    [Id(0)] public required string Spider { get; init; }

    /// <summary>Metadata keys to store with the job (a JSON object): tags, arguments, custom keys.</summary>
    [Id(1)] public string Metadata { get; init; } = "{}";

    /// <summary>0-4. Default: 2.</summary>
    [Id(2)] public int Priority { get; init; } = 2;

    /// <summary>Capacity units. Default: 1.</summary>
    [Id(3)] public int Units { get; init; } = 1;

    /// <summary>The initial state. Default: pending.</summary>
    [Id(4)] public string State { get; init; } = "pending";

    /// <summary>Refused while another pending or running job has the same value (push's <c>unique</c>).</summary>
    [Id(5)] public string? UniqueKey { get; init; }

    /// <summary>Refused while another pending or running job has the same value (the dash's spider and arguments).</summary>
    [Id(6)] public string? RunKey { get; init; }

    /// <summary>Who schedules it.</summary>
    [Id(7)] public required string User { get; init; }

    /// <summary>When true, an unknown spider is refused instead of created.</summary>
    [Id(8)] public bool SpiderMustExist { get; init; }
}

/// <summary>The outcome of a push: the job's key and, when it starts running, its token; or the reason it was refused.</summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.Platform.PushResult")]
public sealed record PlatformPushResult([property: Id(0)] string? Key, [property: Id(1)] string? Token, [property: Id(2)] string? Error, [property: Id(3)] bool Duplicate);

/// <summary>A project's job counts and capacity.</summary>
[GenerateSerializer, Immutable, Alias("JobRuntime.Platform.ProjectSummary")]
public sealed record PlatformProjectSummary(
    [property: Id(0)] long Project, [property: Id(1)] int Pending, [property: Id(2)] int Running, [property: Id(3)] int Finished,
    [property: Id(4)] int RunningUnits, [property: Id(5)] int CapacityUnits);
