using System.Globalization;
using System.Text;
using Azure.Data.Tables;

namespace JobRuntime.AzureStorage.Platform;

/// <summary>
/// Stores one text of any size with an entity. An entity holds at most 1 MiB and a property
/// 64 KiB, so the UTF-8 bytes go into binary properties <c>D0</c>, <c>D1</c>, ... of 64 KiB, at most
/// <see cref="ChunksPerEntity"/> per entity (Azurite measures binary as base64, so 11 chunks are
/// what fits on both it and the service); what does not fit goes into continuation rows of the
/// same partition, <c>x{rowKey}~0001</c> and on, which every scan of the stores leaves out (their
/// RowKeys start with <c>x</c>, after every row they scan). <c>Length</c> is the text's byte count
/// and <c>Parts</c> the number of rows; a missing <c>Length</c> is a null text.
/// </summary>
internal static class AzureLargeText
{
    /// <summary>The bytes of one binary property.</summary>
    public const int ChunkBytes = 64 * 1024;

    /// <summary>Binary properties per entity: 11 of 64 KiB, 704 KiB, are under 1 MB even as base64, with room for the keys and the other properties.</summary>
    public const int ChunksPerEntity = 11;

    private const int EntityBytes = ChunkBytes * ChunksPerEntity;

    /// <summary>The first character of continuation RowKeys, after which no scanned row sorts.</summary>
    public const string ContinuationStart = "x";

    /// <summary>Puts <paramref name="text"/> into <paramref name="entity"/> and returns the entity with its continuation rows.</summary>
    public static List<TableEntity> Put(TableEntity entity, string? text)
    {
        var rows = new List<TableEntity> { entity };
        if (text is null)
        {
            return rows;
        }
        var bytes = Encoding.UTF8.GetBytes(text);
        var parts = Math.Max(1, (bytes.Length + EntityBytes - 1) / EntityBytes);
        entity["Length"] = bytes.Length;
        entity["Parts"] = parts;
        Fill(entity, bytes, 0);
        for (var part = 1; part < parts; part++)
        {
            var row = new TableEntity(entity.PartitionKey, Continuation(entity.RowKey, part));
            Fill(row, bytes, part * EntityBytes);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>The text of <paramref name="entity"/> (null when it has none), reading continuation rows when it has them.</summary>
    public static async Task<string?> GetAsync(TableClient table, TableEntity entity, CancellationToken cancellationToken)
    {
        if (entity.GetInt32("Length") is not { } length)
        {
            return null;
        }
        var bytes = new byte[length];
        var written = Drain(entity, bytes, 0);
        if ((entity.GetInt32("Parts") ?? 1) > 1)
        {
            var filter = ContinuationFilter(entity.PartitionKey, entity.RowKey);
            await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (written >= length)
                {
                    break;
                }
                written = Drain(row, bytes, written);
            }
        }
        if (written != length)
        {
            throw new InvalidDataException($"The value of row '{entity.PartitionKey}/{entity.RowKey}' in table '{table.Name}' has {written} of its {length} bytes.");
        }
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>The filter of the continuation rows of a row.</summary>
    public static string ContinuationFilter(string partition, string rowKey) =>
        AzureKeys.Range(partition, Continuation(rowKey, 1), ContinuationStart + rowKey + "~~");

    /// <summary>A rough size of an entity in a transaction's body (binary goes as base64).</summary>
    public static int Size(ITableEntity entity) => entity is TableEntity e
        ? 256 + e.Sum(p => p.Key.Length + p.Value switch { byte[] b => b.Length * 4 / 3, string s => s.Length * 2, _ => 16 })
        : 256;

    private static string Continuation(string rowKey, int part) =>
        ContinuationStart + rowKey + "~" + part.ToString("D4", CultureInfo.InvariantCulture);

    private static void Fill(TableEntity entity, byte[] bytes, int offset)
    {
        var end = Math.Min(bytes.Length, offset + EntityBytes);
        for (var i = 0; offset < end; i++, offset += ChunkBytes)
        {
            entity["D" + i.ToString(CultureInfo.InvariantCulture)] = bytes.AsSpan(offset, Math.Min(ChunkBytes, end - offset)).ToArray();
        }
    }

    private static int Drain(TableEntity entity, byte[] bytes, int offset)
    {
        for (var i = 0; i < ChunksPerEntity && offset < bytes.Length; i++)
        {
            if (entity.GetBinary("D" + i.ToString(CultureInfo.InvariantCulture)) is not { } chunk)
            {
                break;
            }
            var count = Math.Min(chunk.Length, bytes.Length - offset);
            chunk.AsSpan(0, count).CopyTo(bytes.AsSpan(offset));
            offset += count;
        }
        return offset;
    }
}
