using JobRuntime.GrainInterfaces.Platform;
using JobRuntime.Storage.Platform;

namespace JobRuntime.Grains.Platform;

/// <summary>Records written by the silo itself (spiders' contexts, its own log lines), packed as an upload would be.</summary>
internal static class PlatformRecordPacking
{
    /// <summary>The given JSON texts as one buffer.</summary>
    public static PlatformRecords Pack(IReadOnlyCollection<string> records)
    {
        var batch = PlatformRecordBatch.From(records);
        return new PlatformRecords(batch.Buffer, batch.Ends);
    }
}
