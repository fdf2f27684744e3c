namespace JobRuntime.Storage.Platform;

/// <summary>The four append-only record streams of a job.</summary>
public enum PlatformDataKind
{
    /// <summary>Scraped items (JSON objects).</summary>
    Items = 0,

    /// <summary>Log records <c>{"message","level","time"}</c>.</summary>
    Logs = 1,

    /// <summary>Requests made <c>{"url","status","method",...}</c>.</summary>
    Requests = 2,

    /// <summary>Samples (JSON arrays).</summary>
    Samples = 3,
}

/// <summary>One stored record of a job: its index, its batch's write time and its JSON text.</summary>
public readonly record struct PlatformDataRecord(PlatformJobKey Job, long Index, long Timestamp, string Data);

/// <summary>A batch written at <paramref name="Start"/>: line k is stored at index start + k, replacing what was there.</summary>
/// <param name="Job">The job.</param>
/// <param name="Kind">Which stream.</param>
/// <param name="Start">The index of the first line.</param>
/// <param name="Timestamp">The batch's write time (ms), shared by its records.</param>
/// <param name="Records">The JSON texts, as UTF-8.</param>
public sealed record PlatformDataWriteParams(PlatformJobKey Job, PlatformDataKind Kind, long Start, long Timestamp, PlatformRecordBatch Records);

/// <summary>Which records <see cref="IPlatformDataStore.DataReadAsync"/> returns, in index order.</summary>
/// <param name="Project">The project.</param>
/// <param name="Spider">Only this spider, when set.</param>
/// <param name="Job">Only this job (needs <paramref name="Spider"/>), when set.</param>
/// <param name="Kind">Which stream.</param>
/// <param name="From">The first job and index to return (inclusive), when set.</param>
/// <param name="StartTs">Only records written at or after (ms), when set.</param>
/// <param name="EndTs">Only records written before (ms), when set.</param>
/// <param name="Limit">At most this many rows (before any filter the caller applies).</param>
public sealed record PlatformDataReadParams(long Project, int? Spider, int? Job, PlatformDataKind Kind, PlatformDataRecordPosition? From, long? StartTs, long? EndTs, int Limit);

/// <summary>A position in a project's records: a job and an index in it.</summary>
public readonly record struct PlatformDataRecordPosition(int Spider, int Job, long Index);

/// <summary>Which of a job's records <see cref="IPlatformDataStore.DataBytesAsync"/> weighs.</summary>
/// <param name="Job">The job.</param>
/// <param name="Kind">Only this stream, when set.</param>
/// <param name="From">Only indexes from this one (inclusive), when set.</param>
/// <param name="To">Only indexes before this one, when set.</param>
public sealed record PlatformDataBytesParams(PlatformJobKey Job, PlatformDataKind? Kind = null, long? From = null, long? To = null);
