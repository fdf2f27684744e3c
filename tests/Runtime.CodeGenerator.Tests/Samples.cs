namespace JobRuntime.CodeGenerator.Tests;

/// <summary>Grain code the tests run the generator over.</summary>
internal static class Samples
{
    /// <summary>
    /// Every supported shape of grain method and interface, with hand-written implementations
    /// that record their calls in <c>Sample.Log</c>.
    /// </summary>
    public const string Representative = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using JobRuntime;
        using JobRuntime.Concurrency;

        namespace Sample
        {
            public sealed record Point(int X, int Y);

            public static class Log
            {
                public static readonly List<string> Calls = new();
                public static TaskCompletionSource? Gate;
            }

            /// <summary>A base that extends only IGrain: no proxy of its own.</summary>
            public interface IDescribed : IGrain
            {
                Task<string> Describe();
            }

            public interface ICalculator : IDescribed, IGrainWithStringKey
            {
                Task<int> Add(int a, int b);
                Task Reset();
                Task Pause();
                ValueTask<string?> Echo(string? text);
                ValueTask Touch();
                [OneWay] Task Fire(string message);
                [OneWay] ValueTask FireValue();
                [OneWay] void FireVoid(int x);
                Task<List<Point>> Move(Point[] points, int dx, CancellationToken cancellationToken);
                [AlwaysInterleave] Task<int> Ping();
                [ReadOnly] Task<int> Get();
                Task<(int Count, string Name)> Count(Dictionary<string, int>? map);
                Task @class(int @event);
                Task Overload(int x);
                Task Overload(string x);
                Task Collide(int request, int target, int InvokeTaskAsync);
                ValueTask<Point?> Nothing(Point? point, int? maybe);
            }

            public interface IGuidGrain : IGrainWithGuidKey
            {
                Task<Guid> Id(Guid echo);
            }

            public interface IIntegerGrain : IGrainWithIntegerKey
            {
                Task<long> Twice(long value);
            }

            public interface IWatcher : IGrainObserver
            {
                void Notify(string message);
                Task<int> Ask(int x);
            }

            public static class Outer
            {
                public interface INested : IGrainWithIntegerKey
                {
                    Task<int> Value();
                }

                internal interface ICalculator : IGrainWithStringKey
                {
                    Task<int> Nested();
                }
            }

            public sealed class Calculator : ICalculator
            {
                private int _value;

                public Task<string> Describe() => Task.FromResult("calculator");
                public Task<int> Add(int a, int b) { Log.Calls.Add($"Add({a},{b})"); return Task.FromResult(a + b); }
                public Task Reset() { Log.Calls.Add("Reset"); _value = 0; return Task.CompletedTask; }
                public async Task Pause() { Log.Calls.Add("Pause"); await Log.Gate!.Task; Log.Calls.Add("Resumed"); }
                public ValueTask<string?> Echo(string? text) => new(text);
                public ValueTask Touch() { Log.Calls.Add("Touch"); return default; }
                public Task Fire(string message) { Log.Calls.Add("Fire " + message); return Task.CompletedTask; }
                public ValueTask FireValue() { Log.Calls.Add("FireValue"); return default; }
                public void FireVoid(int x) => Log.Calls.Add($"FireVoid {x}");
                public Task<List<Point>> Move(Point[] points, int dx, CancellationToken cancellationToken)
                {
                    Log.Calls.Add($"Move canBeCanceled={cancellationToken.CanBeCanceled}");
                    return Task.FromResult(new List<Point>(Array.ConvertAll(points, p => p with { X = p.X + dx })));
                }
                public Task<int> Ping() => Task.FromResult(1);
                public Task<int> Get() => Task.FromResult(_value);
                public Task<(int Count, string Name)> Count(Dictionary<string, int>? map) => Task.FromResult((map?.Count ?? -1, "map"));
                public Task @class(int @event) { Log.Calls.Add($"class {@event}"); return Task.CompletedTask; }
                public Task Overload(int x) { Log.Calls.Add("Overload int"); return Task.CompletedTask; }
                public Task Overload(string x) { Log.Calls.Add("Overload string"); return Task.CompletedTask; }
                public Task Collide(int request, int target, int InvokeTaskAsync) => Task.CompletedTask;
                public ValueTask<Point?> Nothing(Point? point, int? maybe) => new(point);
            }

            public sealed class Watcher : IWatcher
            {
                public void Notify(string message) => Log.Calls.Add("Notify " + message);
                public Task<int> Ask(int x) => Task.FromResult(x * 10);
            }

            public sealed class CalculatorGrain : Grain, ICalculator, IGuidGrain
            {
                public Task<string> Describe() => Task.FromResult("grain");
                public Task<int> Add(int a, int b) => Task.FromResult(a + b);
                public Task Reset() => Task.CompletedTask;
                public Task Pause() => Task.CompletedTask;
                public ValueTask<string?> Echo(string? text) => new(text);
                public ValueTask Touch() => default;
                public Task Fire(string message) => Task.CompletedTask;
                public ValueTask FireValue() => default;
                public void FireVoid(int x) { }
                public Task<List<Point>> Move(Point[] points, int dx, CancellationToken cancellationToken) => Task.FromResult(new List<Point>());
                public Task<int> Ping() => Task.FromResult(1);
                public Task<int> Get() => Task.FromResult(0);
                public Task<(int Count, string Name)> Count(Dictionary<string, int>? map) => Task.FromResult((0, ""));
                public Task @class(int @event) => Task.CompletedTask;
                public Task Overload(int x) => Task.CompletedTask;
                public Task Overload(string x) => Task.CompletedTask;
                public Task Collide(int request, int target, int InvokeTaskAsync) => Task.CompletedTask;
                public ValueTask<Point?> Nothing(Point? point, int? maybe) => new(point);
                public Task<Guid> Id(Guid echo) => Task.FromResult(echo);
            }

            internal sealed class NestedGrain : Grain, Outer.INested
            {
                public Task<int> Value() => Task.FromResult(42);
            }

            public abstract class AbstractGrain : Grain, IIntegerGrain
            {
                public abstract Task<long> Twice(long value);
            }

            public sealed class GenericGrain<T> : Grain, IIntegerGrain
            {
                public Task<long> Twice(long value) => Task.FromResult(value * 2);
            }

            /// <summary>Not a grain: implements a grain interface without deriving from Grain or IGrainBase.</summary>
            public sealed class PlainIntegerGrain : IIntegerGrain
            {
                public Task<long> Twice(long value) => Task.FromResult(value * 2);
            }

            public sealed class BareGrain : IGrainBase, IIntegerGrain
            {
                public IGrainContext GrainContext => throw new NotSupportedException();
                public Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;
                public Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;
                public Task<long> Twice(long value) => Task.FromResult(value * 2);
            }
        }

        namespace Sample.Shapes
        {
            public interface IRepository<T> : JobRuntime.IGrain
            {
                System.Threading.Tasks.Task<T> Load(T key);
            }

            public interface IRoot : JobRuntime.IGrain { System.Threading.Tasks.Task Root(); }
            public interface ILeft : IRoot { System.Threading.Tasks.Task Left(); }
            public interface IRight : IRoot { System.Threading.Tasks.Task Right(); }

            /// <summary>A constructed generic base with nullable type arguments, and a diamond.</summary>
            public interface IDiamond : ILeft, IRight, IRepository<string?>, JobRuntime.IGrainWithStringKey
            {
                System.Threading.Tasks.Task Own();
                System.Threading.Tasks.Task<int> Defaulted() => System.Threading.Tasks.Task.FromResult(7);
            }

            public sealed class Diamond : IDiamond
            {
                public System.Threading.Tasks.Task Own() => System.Threading.Tasks.Task.CompletedTask;
                public System.Threading.Tasks.Task Left() => System.Threading.Tasks.Task.CompletedTask;
                public System.Threading.Tasks.Task Right() => System.Threading.Tasks.Task.CompletedTask;
                public System.Threading.Tasks.Task Root() => System.Threading.Tasks.Task.CompletedTask;
                public System.Threading.Tasks.Task<string?> Load(string? key) => System.Threading.Tasks.Task.FromResult(key);
            }
        }

        namespace Sample.Other
        {
            public interface ICalculator : JobRuntime.IGrainWithGuidKey
            {
                System.Threading.Tasks.Task<int> Other();
            }
        }

        namespace Sample_Other
        {
            public interface ICalculator : JobRuntime.IGrainWithGuidKey
            {
                System.Threading.Tasks.Task<int> Underscored();
            }
        }

        public interface IGlobalGrain : JobRuntime.IGrainWithStringKey
        {
            System.Threading.Tasks.Task Hello();
        }
        """;
}
