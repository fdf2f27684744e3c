using Azure;
using Azure.Storage.Blobs;

namespace JobRuntime.Queues.Blobs;

/// <summary>
/// ai4s.jobq's blob helpers for tasks that read and write Azure Blob storage: download a blob to a
/// folder, upload a file, upload a folder's files concurrently, and check a blob exists.
/// </summary>
public sealed class BlobContainer
{
    /// <summary>The service version the helpers speak (one Azurite accepts too).</summary>
    public const BlobClientOptions.ServiceVersion ServiceVersion = BlobClientOptions.ServiceVersion.V2025_01_05;

    /// <summary>Opens a container by a storage account's connection string.</summary>
    public BlobContainer(string connectionString, string container)
        : this(new BlobContainerClient(connectionString, container, new BlobClientOptions(ServiceVersion)))
    {
    }

    /// <summary>Opens a container through a client (any credential).</summary>
    public BlobContainer(BlobContainerClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        Client = client;
    }

    /// <summary>The underlying client, for listing (<c>GetBlobsAsync</c>, <c>GetBlobsByHierarchyAsync</c>).</summary>
    public BlobContainerClient Client { get; }

    /// <summary>Creates the container if it does not exist.</summary>
    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default) =>
        Client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    /// <summary>Downloads a blob into <paramref name="folder"/> (keeping its path below the folder); returns the file's path.</summary>
    /// <exception cref="FileNotFoundException">No such blob.</exception>
    public async Task<string> DownloadFileAsync(string blobName, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        var path = Path.GetFullPath(Path.Combine(folder, blobName));
        if (!path.StartsWith(Path.GetFullPath(folder), StringComparison.Ordinal))
        {
            throw new ArgumentException($"Blob '{blobName}' would be written outside the folder '{folder}'.", nameof(blobName));
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            await Client.GetBlobClient(blobName).DownloadToAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            File.Delete(path);
            throw new FileNotFoundException($"Blob '{blobName}' does not exist in container '{Client.Name}'.", blobName, e);
        }
        return path;
    }

    /// <summary>Uploads a file as a blob (replacing it); the blob's name defaults to the file's name.</summary>
    public async Task<string> UploadFileAsync(string path, string? blobName = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var name = blobName ?? Path.GetFileName(path);
        await Client.GetBlobClient(name).UploadAsync(path, overwrite: true, cancellationToken).ConfigureAwait(false);
        return name;
    }

    /// <summary>Uploads every file below a folder concurrently, as <c>prefix + relative path</c>; returns the blob names.</summary>
    public async Task<IReadOnlyList<string>> UploadFromFolderAsync(string folder, string prefix = "", int maxConcurrency = 16, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories);
        var names = files.Select(f => prefix + Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/')).ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, files.Length), new ParallelOptions { MaxDegreeOfParallelism = maxConcurrency, CancellationToken = cancellationToken },
            async (i, ct) => await UploadFileAsync(files[i], names[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        return names;
    }

    /// <summary>True when the blob exists.</summary>
    public async Task<bool> BlobExistsAsync(string blobName, CancellationToken cancellationToken = default) =>
        (await Client.GetBlobClient(blobName).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value;
}
