using System.Runtime.CompilerServices;
using JobRuntime.GrainInterfaces;

namespace JobRuntime.Client.Jobs;

/// <summary>
/// Reads a job's results or errors from its log by position, a grain call per page.
/// </summary>
internal static class JobEvents
{
    private const int Page = 5_000;

    public static async IAsyncEnumerable<Positioned<T>> ReadLogAsync<T>(
        Func<long, int, Task<Positioned<T>[]>> read, long after, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await read(after, Page);
            foreach (var item in page)
            {
                yield return item;
            }
            if (page.Length < Page)
            {
                yield break;
            }
            after = page[^1].Position;
        }
    }
}
