namespace JobRuntime.Client.States;

/// <summary>
/// How a wait on a <see cref="State"/> behaves (zproc's keyword options).
/// </summary>
/// <param name="Live">
/// False (the default, "buffered"): the wait considers every update since the handle was created
/// (or since the update the previous buffered wait returned). True: only updates from now on.
/// </param>
/// <param name="Timeout">How long to wait before a <see cref="TimeoutException"/>; null (the default) waits forever.</param>
/// <param name="DuplicateOkay">Also consider updates that change nothing (skipped by default).</param>
public sealed record StateWaitOptions(bool Live = false, TimeSpan? Timeout = null, bool DuplicateOkay = false)
{
    /// <summary>The defaults: buffered, no timeout, duplicates skipped.</summary>
    public static StateWaitOptions Default { get; } = new();
}
