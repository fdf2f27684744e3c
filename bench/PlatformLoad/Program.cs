// The platform API on a silo process against its raw engine in the same run: items written in gzip
// JSON-lines batches of 1,000 and read back as JSON lines and msgpack, single-key collection
// sets and gets, and frontier requests added with fingerprint dedup. Arguments: [items]
// [sqlite|postgresql|azurestorage]; postgresql runs the silo on the PostgreSQL profile over the database of
// JOBRUNTIME_TEST_POSTGRES (scripts/test-services.sh) and the baseline on raw Npgsql; azurestorage runs
// it on the AzureStorage profile over JOBRUNTIME_TEST_AZURE_STORAGE and the baseline on raw TableClient.
using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using JobRuntime.Silo.Tests;
using Microsoft.Data.Sqlite;

var items = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
var postgres = args.Length > 1 && args[1].Equals("postgresql", StringComparison.OrdinalIgnoreCase)
    ? await JobRuntime.PlatformLoad.RawPostgres.CreateDatabaseAsync()
    : null;
if (postgres is not null)
{
    // The silo process inherits these: the PostgreSQL profile, so the platform's stores are on PostgreSQL.
    Environment.SetEnvironmentVariable("JobRuntime__Cluster__Provider", "PostgreSQL");
    Environment.SetEnvironmentVariable("JobRuntime__Cluster__ConnectionString", postgres);
}
var azure = args.Length > 1 && args[1].Equals("azurestorage", StringComparison.OrdinalIgnoreCase)
    ? JobRuntime.PlatformLoad.RawAzureTables.ConnectionString()
    : null;
if (azure is not null)
{
    // The AzureStorage profile, its own cluster and platform tables, so the platform's stores are on Azure Tables.
    var id = "bench" + Guid.NewGuid().ToString("N")[..12];
    Environment.SetEnvironmentVariable("JobRuntime__Cluster__Provider", "AzureStorage");
    Environment.SetEnvironmentVariable("JobRuntime__Cluster__ConnectionString", azure);
    Environment.SetEnvironmentVariable("Orleans__ClusterId", id);
    Environment.SetEnvironmentVariable("Orleans__ServiceId", id);
    Environment.SetEnvironmentVariable("JobRuntime__Platform__AzureStorage__TablePrefix", id);
}
var directory = Directory.CreateTempSubdirectory("jobruntime-platform-bench-").FullName;
// The per-caller request rate limit is lifted: the benchmark is one caller making many requests on purpose.
await using var silo = await SiloProcess.StartAsync(Path.Combine(directory, "silo.db"), null, "--Logging:LogLevel:Default", "Warning",
    "--JobRuntime:Http:Limits:RequestsPerSecond", "1000000", "--JobRuntime:Http:Limits:RequestBurst", "1000000");
var http = new HttpClient { BaseAddress = silo.Address, Timeout = TimeSpan.FromMinutes(5) };
var item = "{\"title\":\"A book about crawling\",\"price\":12.5,\"url\":\"http://example.invalid/book/N\",\"tags\":[\"a\",\"b\"]}";

static ByteArrayContent Gzip(IEnumerable<string> lines)
{
    using var buffer = new MemoryStream();
    using (var zip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
    {
        zip.Write(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));
    }
    var content = new ByteArrayContent(buffer.ToArray());
    content.Headers.ContentEncoding.Add("gzip");
    return content;
}

void Report(string what, int count, Stopwatch watch) =>
    Console.WriteLine($"{what,-58} {count / watch.Elapsed.TotalSeconds,12:N0}/s  ({count:N0} in {watch.Elapsed.TotalSeconds:0.00} s)");

var key = ((await (await http.PostAsync("/storage/jobq/1/push", new StringContent("{\"spider\":\"bench\"}"))).Content.ReadAsStringAsync()).Split('"')[3]);
var batch = Enumerable.Range(0, 1000).Select(i => item.Replace("N", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).ToArray();
var watch = Stopwatch.StartNew();
for (var start = 0; start < items; start += 1000)
{
    var written = await http.PostAsync($"/storage/items/{key}?start={start}", Gzip(batch));
    if (!written.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"items/{key}?start={start}: {(int)written.StatusCode} {await written.Content.ReadAsStringAsync()}");
    }
}
Report("silo: items written (gzip JL, 1,000 per POST)", items, watch);
// A short read of each format first, so the timed reads do not include the silo's first compilation of them.
await http.GetStringAsync($"/storage/items/{key}?count=10");
using (var warm = new HttpRequestMessage(HttpMethod.Get, $"/storage/items/{key}?count=10"))
{
    warm.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-msgpack"));
    await (await http.SendAsync(warm)).Content.ReadAsByteArrayAsync();
}
watch.Restart();
var text = await http.GetStringAsync($"/storage/items/{key}");
Report("silo: items read as JSON lines", text.Count(c => c == '\n'), watch);
watch.Restart();
using (var request = new HttpRequestMessage(HttpMethod.Get, $"/storage/items/{key}"))
{
    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-msgpack"));
    var bytes = await (await http.SendAsync(request)).Content.ReadAsByteArrayAsync();
    Report($"silo: items read as msgpack ({bytes.Length:N0} bytes)", items, watch);
}

const int Keys = 5_000;
watch.Restart();
for (var i = 0; i < Keys; i++)
{
    (await http.PostAsync("/storage/collections/1/s/bench", new StringContent($"{{\"_key\":\"k{i:D6}\",\"value\":{i}}}"))).EnsureSuccessStatusCode();
}
Report("silo: collection single-key sets (one POST each)", Keys, watch);
watch.Restart();
for (var i = 0; i < Keys; i++)
{
    await http.GetStringAsync($"/storage/collections/1/s/bench/k{i:D6}");
}
Report("silo: collection single-key gets", Keys, watch);
// The scan's collection is loaded in batches of 1,000 records per POST (timed too), then read whole in one GET.
watch.Restart();
for (var start = 0; start < items; start += 1000)
{
    var records = Enumerable.Range(start, Math.Min(1000, items - start)).Select(i => $"{{\"_key\":\"k{i:D7}\",\"value\":{i},\"title\":\"A book about crawling\"}}\n");
    (await http.PostAsync("/storage/collections/1/s/scan", new StringContent(string.Concat(records)))).EnsureSuccessStatusCode();
}
Report("silo: collection sets, 1,000 per POST", items, watch);
await http.GetStringAsync("/storage/collections/1/s/scan?count=10");
watch.Restart();
var scanned = (await http.GetStringAsync("/storage/collections/1/s/scan")).Count(c => c == '\n');
Report("silo: collection scan (one GET of the whole collection)", scanned, watch);

watch.Restart();
for (var start = 0; start < items; start += 5000)
{
    var requests = Enumerable.Range(start, 5000).Select(i => $"{{\"fp\":\"/page/{i % (items / 2)}\",\"qdata\":{{\"d\":{i}}}}}");
    var content = new StringContent(string.Concat(requests.Select(r => r + "\n")));
    (await http.PostAsync("/storage/hcf/1/bench/s/0", content)).EnsureSuccessStatusCode();
}
Report("silo: frontier requests added (half duplicates, 5,000 per POST)", items, watch);

if (azure is not null)
{
    await JobRuntime.PlatformLoad.RawAzureTables.RunAsync(azure, items, batch, Keys, Report);
    Directory.Delete(directory, recursive: true);
    return;
}

if (postgres is not null)
{
    await JobRuntime.PlatformLoad.RawPostgres.RunAsync(postgres, items, batch, Keys, Report);
    Directory.Delete(directory, recursive: true);
    return;
}

// Raw SQLite: the same rows in a table of the same shape, in transactions of 1,000.
var path = Path.Combine(directory, "raw.db");
using (var connection = new SqliteConnection($"Data Source={path}"))
{
    connection.Open();
    using (var setup = connection.CreateCommand())
    {
        setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE d (k INTEGER, idx INTEGER, ts INTEGER, data TEXT, PRIMARY KEY (k, idx)) WITHOUT ROWID;";
        setup.ExecuteNonQuery();
    }
    watch.Restart();
    for (var start = 0; start < items; start += 1000)
    {
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT OR REPLACE INTO d VALUES (1, @i, 0, @data)";
        var i = insert.Parameters.Add("@i", SqliteType.Integer);
        var data = insert.Parameters.Add("@data", SqliteType.Text);
        for (var n = 0; n < 1000; n++)
        {
            i.Value = start + n;
            data.Value = batch[n];
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }
    Report("raw SQLite: rows inserted (1,000 per transaction)", items, watch);
    watch.Restart();
    using var read = connection.CreateCommand();
    read.CommandText = "SELECT data FROM d WHERE k = 1 ORDER BY idx";
    using var reader = read.ExecuteReader();
    var rows = 0;
    while (reader.Read())
    {
        _ = reader.GetString(0);
        rows++;
    }
    Report("raw SQLite: rows read", rows, watch);
    watch.Restart();
    for (var n = 0; n < Keys; n++)
    {
        using var one = connection.CreateCommand();
        one.CommandText = "INSERT OR REPLACE INTO d VALUES (2, @i, 0, '{}')";
        one.Parameters.AddWithValue("@i", n);
        one.ExecuteNonQuery();
    }
    Report("raw SQLite: single-row autocommit inserts", Keys, watch);
    using (var setup = connection.CreateCommand())
    {
        setup.CommandText = "CREATE TABLE c (key TEXT PRIMARY KEY, ts INTEGER, value TEXT) WITHOUT ROWID;";
        setup.ExecuteNonQuery();
    }
    using (var transaction = connection.BeginTransaction())
    {
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO c VALUES (@k, 0, @v)";
        var k = insert.Parameters.Add("@k", SqliteType.Text);
        var v = insert.Parameters.Add("@v", SqliteType.Text);
        for (var n = 0; n < items; n++)
        {
            k.Value = $"k{n:D7}";
            v.Value = $"{{\"value\":{n},\"title\":\"A book about crawling\"}}";
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }
    watch.Restart();
    for (var n = 0; n < Keys; n++)
    {
        using var get = connection.CreateCommand();
        get.CommandText = "SELECT value FROM c WHERE key = @k";
        get.Parameters.AddWithValue("@k", $"k{n:D7}");
        _ = (string?)get.ExecuteScalar();
    }
    Report("raw SQLite: single-row gets by key", Keys, watch);
    watch.Restart();
    using (var scan = connection.CreateCommand())
    {
        scan.CommandText = "SELECT key, ts, value FROM c ORDER BY key";
        using var records = scan.ExecuteReader();
        var n = 0;
        while (records.Read())
        {
            _ = records.GetString(0);
            _ = records.GetString(2);
            n++;
        }
        Report("raw SQLite: collection rows scanned", n, watch);
    }
}
SqliteConnection.ClearAllPools();
Directory.Delete(directory, recursive: true);
