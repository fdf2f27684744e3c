using JobRuntime.Concurrency;

namespace JobRuntime.Tests.Grains;

/// <summary>A mutable object passed to and returned from grain calls.</summary>
public sealed class CopyBasket
{
    public List<string> Items { get; set; } = [];
}

/// <summary>An immutable object: calls may pass it without copying.</summary>
[Immutable]
public sealed class CopyFrozenNote(string text)
{
    public string Text { get; } = text;
}

public sealed class CopyFailureException(string message) : Exception(message);

public interface ICopyGrain : IGrainWithStringKey
{
    /// <summary>Adds <paramref name="item"/> to the basket it was given and returns the item count.</summary>
    Task<int> AddItemAndCount(CopyBasket basket, string item);

    Task Keep(CopyBasket basket);

    [OneWay]
    Task KeepOneWay(CopyBasket basket);

    Task<CopyBasket> Kept();

    Task<CopyBasket> KeptAfterAwait();

    Task<bool> AreSameInstance(CopyFrozenNote first, CopyFrozenNote second);

    Task Throw(string message);

    Task ThrowAfterAwait(string message);

    Task CallThrowing(ICopyGrain other, string message);
}

public sealed class CopyGrain : Grain, ICopyGrain
{
    private CopyBasket _kept = new();

    public Task<int> AddItemAndCount(CopyBasket basket, string item)
    {
        basket.Items.Add(item);
        return Task.FromResult(basket.Items.Count);
    }

    public Task Keep(CopyBasket basket)
    {
        _kept = basket;
        return Task.CompletedTask;
    }

    public Task KeepOneWay(CopyBasket basket) => Keep(basket);

    public Task<CopyBasket> Kept() => Task.FromResult(_kept);

    public async Task<CopyBasket> KeptAfterAwait()
    {
        await Task.Yield();
        return _kept;
    }

    public Task<bool> AreSameInstance(CopyFrozenNote first, CopyFrozenNote second) => Task.FromResult(ReferenceEquals(first, second));

    public Task Throw(string message) => throw new CopyFailureException(message);

    public async Task ThrowAfterAwait(string message)
    {
        await Task.Yield();
        throw new CopyFailureException(message);
    }

    public Task CallThrowing(ICopyGrain other, string message) => other.ThrowAfterAwait(message);
}
