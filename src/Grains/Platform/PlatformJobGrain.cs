using System.Text.Json.Nodes;
using JobRuntime.GrainInterfaces;
using JobRuntime.GrainInterfaces.Platform;
using JobRuntime.Storage.Platform;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JobRuntime.Grains.Platform;

/// <summary>
/// See <see cref="IPlatformJobGrain"/>. The record lives in the engine; the grain keeps a copy while
/// active and is its only writer. Placed at random, so a cluster's spiders run on all its silos.
/// </summary>
[Orleans.Placement.RandomPlacement] // jobs, and so their spiders, spread over the cluster's silos
internal sealed partial class PlatformJobGrain(
    IPlatformJobStore jobs,
    IPlatformDataStore data,
    PlatformSpiderRunner runner,
    IOptions<PlatformOptions> options,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    ILogger<PlatformJobGrain> logger,
    TimeProvider clock) : Grain, IPlatformJobGrain
{
    private readonly long[] _next = [-1, -1, -1, -1];
    private PlatformJobKey _key;
    private PlatformJobRecord? _record;
    private long _lastBatchTs;
    private long _bytes = -1;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!PlatformJobKey.TryParse(this.GetPrimaryKeyString(), out _key))
        {
            throw new JobNotFoundException($"'{this.GetPrimaryKeyString()}' is not a job key: it must be project/spider/job, three numbers.");
        }
        _record = await jobs.JobGetAsync(_key, cancellationToken);
    }

    public Task<string?> GetMetadataAsync() => Task.FromResult(_record?.Metadata);

    public async Task<bool> MergeMetadataAsync(string json)
    {
        if (_record is null)
        {
            return false;
        }
        var metadata = PlatformJobMetadata.Parse(_record.Metadata);
        var record = PlatformJobMetadata.Merge(_record, metadata, PlatformJobMetadata.Parse(json));
        await SaveAsync(record, metadata);
        return true;
    }

    public async Task DeleteMetadataAsync(string field)
    {
        if (_record is null || field is "state" or "project" or "spider")
        {
            return;
        }
        var metadata = PlatformJobMetadata.Parse(_record.Metadata);
        if (metadata.Remove(field))
        {
            await SaveAsync(_record, metadata);
        }
    }

    public async Task<PlatformJobTransition?> UpdateAsync(string? state, string extras, string user)
    {
        if (_record is null)
        {
            return null;
        }
        if (state is not null && !PlatformJobState.IsValid(state))
        {
            throw new InvalidJobException($"Unknown state '{state}' for job {_key}: use pending, running, finished or deleted.");
        }
        var previous = _record.State;
        var metadata = PlatformJobMetadata.Parse(_record.Metadata);
        var record = PlatformJobMetadata.Merge(_record, metadata, PlatformJobMetadata.Parse(extras));
        string? token = null;
        if (state is not null && state != previous)
        {
            var now = Now();
            PlatformJobMetadata.Stamp(metadata, state, now, user);
            record = record with { State = state, Timestamp = now };
            if (state == PlatformJobState.Running)
            {
                token = PlatformTokens.Create();
                record = record with { TokenHash = PlatformTokens.Hash(token) };
            }
            else if (previous == PlatformJobState.Running)
            {
                runner.Stop(_key.ToString());
            }
        }
        await SaveAsync(record, metadata);
        if (previous == PlatformJobState.Running && _record.State != PlatformJobState.Running)
        {
            await UnwatchAsync();
        }
        if (previous != _record.State && previous == PlatformJobState.Running)
        {
            await GrainFactory.GetGrain<IPlatformProjectGrain>(_key.Project).DispatchAsync();
        }
        return new PlatformJobTransition(previous, token, _record.Metadata);
    }

    public async Task<bool> CancelAsync(string user)
    {
        switch (_record?.State)
        {
            case PlatformJobState.Pending:
                await UpdateAsync(PlatformJobState.Finished, new JsonObject { ["close_reason"] = "cancelled", ["cancelled_by"] = user }.ToJsonString(), user);
                return true;
            case PlatformJobState.Running:
                var metadata = PlatformJobMetadata.Parse(_record.Metadata);
                metadata["cancelled_by"] = user;
                await SaveAsync(_record, metadata);
                runner.Stop(_key.ToString()); // its runner ends the job as "cancelled"
                return true;
            default:
                return false;
        }
    }

    public Task AppendAsync(PlatformJobData kind, long? start, PlatformRecords records) => AppendAsync(kind, start, records, limited: true);

    // The platform's own log lines (a lost spider's) are written even past the limit.
    private async Task AppendAsync(PlatformJobData kind, long? start, PlatformRecords records, bool limited)
    {
        ArgumentNullException.ThrowIfNull(records);
        var k = (int)kind;
        if (_next[k] < 0)
        {
            _next[k] = await data.DataCountAsync(_key, (PlatformDataKind)kind);
        }
        var first = start ?? _next[k];
        var batch = new PlatformRecordBatch(records.Utf8, records.Ends);
        var bytes = await WeighAsync((PlatformDataKind)kind, first, batch);
        if (limited && bytes > options.Value.Limits.MaxJobDataBytes)
        {
            throw new JobDataLimitException(
                $"Job {_key} may store at most {options.Value.Limits.MaxJobDataBytes} bytes of data ({PlatformOptions.Section}:Limits:MaxJobDataBytes); " +
                $"this upload of {batch.Count} records ({batch.ByteCount} bytes) would take it to {bytes} bytes, so none of it was stored.");
        }
        // Every batch gets its own write time, later than the one before.
        var ts = Math.Max(Now(), _lastBatchTs + 1);
        _lastBatchTs = ts;
        await data.DataWriteAsync(new PlatformDataWriteParams(_key, (PlatformDataKind)kind, first, ts, batch));
        _bytes = bytes;
        _next[k] = Math.Max(_next[k], first + records.Count);
        if (_record is not null && PlatformJobMetadata.CounterOf(kind) is { } counter)
        {
            // The counter is the stream's length, so a batch sent again leaves it as it was.
            var metadata = PlatformJobMetadata.Parse(_record.Metadata);
            metadata[counter] = _next[k];
            await SaveAsync(_record, metadata);
        }
    }

    // What the job's data would weigh with the batch written: a batch sent again replaces the records it overlaps.
    private async Task<long> WeighAsync(PlatformDataKind kind, long first, PlatformRecordBatch batch)
    {
        if (_bytes < 0)
        {
            _bytes = await data.DataBytesAsync(new PlatformDataBytesParams(_key));
        }
        var replaced = first < _next[(int)kind]
            ? await data.DataBytesAsync(new PlatformDataBytesParams(_key, kind, first, first + batch.Count))
            : 0;
        return _bytes - replaced + batch.ByteCount;
    }

    public async Task PurgeAsync()
    {
        runner.Stop(_key.ToString());
        await jobs.JobPurgeAsync(_key);
        _record = null;
        Array.Fill(_next, -1);
        _bytes = -1;
        DeactivateOnIdle();
    }

    public async Task<bool> RunAsync(string program, string user)
    {
        if (_record?.State != PlatformJobState.Pending)
        {
            return false;
        }
        // The reminder comes first: should this silo die from here on, it brings the job back on a live one.
        await WatchAsync();
        var transition = await UpdateAsync(PlatformJobState.Running, new JsonObject { [WorkerKey] = silo.SiloAddress.ToParsableString() }.ToJsonString(), user);
        var metadata = PlatformJobMetadata.Parse(_record.Metadata);
        _spiderHere = true;
        DelayDeactivation(TimeSpan.MaxValue); // the spider runs in this activation's silo: stay here until it ends
        runner.Start(new PlatformRun(_key, program, transition!.Token!, metadata["spider_args"]?.ToJsonString() ?? "{}"));
        return true;
    }

    public Task<bool> IsStopRequestedAsync() => Task.FromResult(
        _record?.State != PlatformJobState.Running || PlatformJobMetadata.Parse(_record.Metadata)["cancelled_by"] is not null);

    public async Task CompleteAsync(string closeReason)
    {
        if (_record?.State != PlatformJobState.Running)
        {
            return;
        }
        var metadata = PlatformJobMetadata.Parse(_record.Metadata);
        var reason = metadata["cancelled_by"] is not null ? "cancelled" : closeReason;
        _spiderHere = false;
        DelayDeactivation(TimeSpan.Zero);
        await UpdateAsync(PlatformJobState.Finished, new JsonObject { ["close_reason"] = reason }.ToJsonString(), "jobruntime");
    }

    private async Task SaveAsync(PlatformJobRecord record, JsonObject metadata)
    {
        var saved = record with { Metadata = PlatformJobMetadata.ToJson(metadata) };
        await jobs.JobUpdateAsync(saved);
        _record = saved;
    }

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
