using System.Runtime.CompilerServices;
using Azure.Storage.Blobs.Models;
using JobRuntime.Queues.Blobs;
using JobRuntime.Queues.Enqueue;
using JobRuntime.Queues.Tests.Backends;
using JobRuntime.Queues.Workers;
using JobRuntime.TestServices;

namespace JobRuntime.Queues.Tests.Blobs;

/// <summary>The blob helpers on Azurite, alone and inside a work specification and its workers.</summary>
public sealed class BlobContainerTests(AzureBackend backend) : IClassFixture<AzureBackend>, IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jobruntime-blobs-").FullName;
    private readonly BlobContainer _container = new(TestServers.AzureStorage, QueueNames.Unique("c"));

    public Task InitializeAsync() => _container.CreateIfNotExistsAsync();

    public async Task DisposeAsync()
    {
        await _container.Client.DeleteIfExistsAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private string WriteFile(string relative, string text)
    {
        var path = Path.Combine(_directory, "up", relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task An_uploaded_file_exists_and_downloads_with_its_content()
    {
        var path = WriteFile("hello.txt", "hello blob");
        var name = await _container.UploadFileAsync(path, "greetings/hello.txt");
        Assert.True(await _container.BlobExistsAsync(name));
        var downloaded = await _container.DownloadFileAsync(name, Path.Combine(_directory, "down"));
        Assert.Equal(Path.Combine(_directory, "down", "greetings", "hello.txt"), downloaded);
        Assert.Equal("hello blob", await File.ReadAllTextAsync(downloaded));
    }

    [Fact]
    public async Task A_folder_is_uploaded_with_its_relative_paths()
    {
        WriteFile("a.txt", "a");
        WriteFile("sub/b.txt", "b");
        var names = await _container.UploadFromFolderAsync(Path.Combine(_directory, "up"), prefix: "data/");
        Assert.Equal(["data/a.txt", "data/sub/b.txt"], names.Order());
        Assert.True(await _container.BlobExistsAsync("data/sub/b.txt"));
    }

    [Fact]
    public async Task Downloading_a_missing_blob_names_it()
    {
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => _container.DownloadFileAsync("nope.bin", _directory));
        Assert.Contains("'nope.bin'", error.Message);
    }

    /// <summary>The seed's example: a task per blob, seeds from top-level folders, zipped blobs done already.</summary>
    private sealed class BlobSizes(BlobContainer container) : WorkSpecification
    {
        public override async IAsyncEnumerable<string?> TaskSeedsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var item in container.Client.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", "", cancellationToken))
            {
                if (item.IsPrefix)
                {
                    yield return item.Prefix;
                }
            }
        }

        public override async IAsyncEnumerable<object> ListTasksAsync(string? seed, bool force, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var blob in container.Client.GetBlobsAsync(BlobTraits.None, BlobStates.None, seed, cancellationToken))
            {
                if (!blob.Name.EndsWith(".size", StringComparison.Ordinal))
                {
                    yield return new Dictionary<string, string> { ["blob"] = blob.Name };
                }
            }
        }

        public override async ValueTask<bool> AlreadyDoneAsync(object task, CancellationToken cancellationToken = default) =>
            await container.BlobExistsAsync(((Dictionary<string, string>)task)["blob"] + ".size", cancellationToken);
    }

    [Fact]
    public async Task A_blob_work_specification_is_enqueued_and_worked_on_Azure_queues()
    {
        WriteFile("x/one.txt", "1");
        WriteFile("x/two.txt", "22");
        WriteFile("y/three.txt", "333");
        WriteFile("y/three.txt.size", "3");
        await _container.UploadFromFolderAsync(Path.Combine(_directory, "up"));
        var queue = new WorkQueue(backend.Driver, QueueNames.Unique("blobs"));
        var enqueued = await queue.BatchEnqueueAsync(new BlobSizes(_container));
        Assert.Equal(new BatchEnqueueResult(3, 1, 2), enqueued);

        var work = Path.Combine(_directory, "work");
        await queue.LaunchWorkersAsync(async (task, ct) =>
        {
            var blob = task.Kwargs.GetProperty("blob").GetString()!;
            var file = await _container.DownloadFileAsync(blob, work, ct);
            var size = Path.Combine(work, blob + ".size");
            await File.WriteAllTextAsync(size, new FileInfo(file).Length.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
            await _container.UploadFileAsync(size, blob + ".size", ct);
        }, new WorkerOptions { NumWorkers = 2, VisibilityTimeout = TimeSpan.FromSeconds(30) });

        Assert.True(await _container.BlobExistsAsync("x/one.txt.size"));
        Assert.True(await _container.BlobExistsAsync("x/two.txt.size"));
        Assert.Equal(new BatchEnqueueResult(3, 3, 0), await queue.BatchEnqueueAsync(new BlobSizes(_container)));
    }
}
