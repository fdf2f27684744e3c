using System.Text;
using JobRuntime.Storage.Platform;

namespace JobRuntime.Platform.Tests.Stores;

public abstract partial class PlatformStoreConformanceTests
{
    [Fact]
    public async Task A_data_scan_visits_what_a_read_returns_with_the_stored_bytes()
    {
        var job = new PlatformJobKey(106, 1, 1);
        await Data.DataWriteAsync(new PlatformDataWriteParams(job, PlatformDataKind.Items, 0, 7, PlatformRecordBatch.From(["{\"a\":\"é\"}", "{\"b\":2}", "{\"c\":3}"])));
        var query = new PlatformDataReadParams(106, 1, 1, PlatformDataKind.Items, new PlatformDataRecordPosition(1, 1, 1), null, null, 5);
        var seen = new List<(int Job, long Index, long Ts, string Data)>();
        var count = await Data.DataScanAsync(query, (in PlatformDataRow row) => seen.Add((row.Job, row.Index, row.Timestamp, Encoding.UTF8.GetString(row.Data))));
        Assert.Equal(2, count);
        Assert.Equal([(1, 1L, 7L, "{\"b\":2}"), (1, 2L, 7L, "{\"c\":3}")], seen);
    }

    [Fact]
    public async Task Data_bytes_weigh_a_jobs_stored_utf8_in_all_streams_or_in_a_range_of_one()
    {
        var job = new PlatformJobKey(107, 1, 1);
        await Data.DataWriteAsync(new PlatformDataWriteParams(job, PlatformDataKind.Items, 0, 1, PlatformRecordBatch.From(["{\"a\":\"é\"}", "{\"b\":22}"])));
        await Data.DataWriteAsync(new PlatformDataWriteParams(job, PlatformDataKind.Logs, 0, 1, PlatformRecordBatch.From(["{}"])));
        await Data.DataWriteAsync(new PlatformDataWriteParams(new PlatformJobKey(107, 1, 2), PlatformDataKind.Items, 0, 1, PlatformRecordBatch.From(["{\"other\":1}"])));
        Assert.Equal(10 + 8 + 2, await Data.DataBytesAsync(new PlatformDataBytesParams(job)));
        Assert.Equal(8, await Data.DataBytesAsync(new PlatformDataBytesParams(job, PlatformDataKind.Items, 1, 5)));
        Assert.Equal(0, await Data.DataBytesAsync(new PlatformDataBytesParams(new PlatformJobKey(107, 1, 9))));
    }
}
