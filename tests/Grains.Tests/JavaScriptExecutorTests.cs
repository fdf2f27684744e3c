using System.Diagnostics;
using System.Text;
using JobRuntime.GrainInterfaces;
using static JobRuntime.Grains.Tests.NodeTesting;

namespace JobRuntime.Grains.Tests;

public sealed class JavaScriptExecutorTests
{
    [Fact]
    public async Task Doubles_every_number_of_a_batch()
    {
        await using var executor = Executor();
        var tasks = Numbers(500, firstIndex: 1000);

        var outcomes = await executor.RunAsync(Program("function Run(d){return d*2}"), tasks, CancellationToken.None);

        Assert.Equal(tasks.Select(t => t.Index), outcomes.Select(o => o.Index));
        Assert.All(outcomes, o => Assert.Equal((o.Index - 1000) * 2, o.Result!.Value.GetInt64()));
        Assert.All(outcomes, o => Assert.Null(o.Error));
    }

    [Fact]
    public async Task Inputs_keep_their_value_whatever_their_whitespace_or_characters()
    {
        await using var executor = Executor();
        using var spaced = System.Text.Json.JsonDocument.Parse("{\n  \"a\" : [1,\r\n 2],\n  \"s\": \"x\\ny \u2028 é 😀 \\u0000\"\n}");
        var tasks = new[] { new JobRuntime.Grains.Execution.TaskInput(7, spaced.RootElement), new JobRuntime.Grains.Execution.TaskInput(8, default) };

        var outcomes = await executor.RunAsync(Program("function Run(d) { return d; }"), tasks, CancellationToken.None);

        Assert.Equal(spaced.RootElement.GetProperty("s").GetString(), outcomes[0].Result!.Value.GetProperty("s").GetString());
        Assert.Equal("[1,2]", outcomes[0].Result!.Value.GetProperty("a").GetRawText());
        Assert.Equal("null", Raw(outcomes[1]));
    }

    [Fact]
    public async Task Awaits_an_async_Run()
    {
        await using var executor = Executor();
        var program = Program("async function Run(d) { const x = await Promise.resolve(d); return { twice: x * 2, at: await new Promise(r => r('later')) }; }");

        var outcomes = await executor.RunAsync(program, Tasks(1, 2, 3), CancellationToken.None);

        Assert.Equal(["{\"twice\":2,\"at\":\"later\"}", "{\"twice\":4,\"at\":\"later\"}", "{\"twice\":6,\"at\":\"later\"}"], outcomes.Select(Raw));
    }

    [Fact]
    public async Task Accepts_modern_syntax_and_a_Run_declared_with_const()
    {
        await using var executor = Executor();
        var program = Program("class P { #v; constructor(v) { this.#v = v } get v() { return this.#v ?? 0 } }\nconst Run = ({ a = 1, ...rest }) => [new P(a).v, Object.keys(rest), 2n ** 3n === 8n];");

        var outcome = await RunOneAsync(executor, program, new { a = 5, b = 1 });

        Assert.Equal("[5,[\"b\"],true]", Raw(outcome));
    }

    [Fact]
    public async Task A_throw_becomes_a_program_error_with_message_name_and_stack_at_the_users_line()
    {
        await using var executor = Executor();
        var program = Program("function Run(d) {\n  if (d > 1) {\n    throw new TypeError('too big: ' + d);\n  }\n  return d;\n}");

        var outcomes = await executor.RunAsync(program, Tasks(1, 2, 1), CancellationToken.None);

        Assert.Equal("1", Raw(outcomes[0]));
        var error = Error(outcomes[1], TaskError.Program);
        Assert.Equal("too big: 2", error.Message);
        Assert.Equal("TypeError", error.Name);
        Assert.StartsWith("TypeError: too big: 2\n", error.Stack);
        Assert.Contains($"job-{program.JobId}.js:3:11", error.Stack);
        Assert.DoesNotContain("worker", error.Stack);
        Assert.Equal("1", Raw(outcomes[2]));
    }

    [Theory]
    [InlineData("throw 42", "42")]
    [InlineData("throw 'x'", "x")]
    [InlineData("throw null", "null")]
    [InlineData("throw { code: 7 }", "{\"code\":7}")]
    public async Task A_thrown_value_that_is_not_an_Error_becomes_an_error_with_its_text(string statement, string message)
    {
        await using var executor = Executor();

        var outcome = await RunOneAsync(executor, Program($"function Run(d) {{ {statement}; }}"));

        var error = Error(outcome, TaskError.Program);
        Assert.Equal(message, error.Message);
        Assert.Equal("Error", error.Name);
    }

    [Fact]
    public async Task A_rejected_promise_becomes_a_program_error()
    {
        await using var executor = Executor();

        var outcome = await RunOneAsync(executor, Program("async function Run(d) { await null; throw new RangeError('no'); }"));

        var error = Error(outcome, TaskError.Program);
        Assert.Equal(("RangeError", "no"), (error.Name, error.Message));
    }

    [Fact]
    public async Task Undefined_NaN_and_Infinity_results_become_null()
    {
        await using var executor = Executor();
        var program = Program("function Run(d) { return [undefined, NaN, Infinity, -Infinity][d]; }");

        var outcomes = await executor.RunAsync(program, Tasks(0, 1, 2, 3), CancellationToken.None);

        Assert.All(outcomes, o => Assert.Equal("null", Raw(o)));
    }

    [Fact]
    public async Task A_cyclic_result_is_a_program_error_that_says_so()
    {
        await using var executor = Executor();

        var outcome = await RunOneAsync(executor, Program("function Run(d) { const a = { d }; a.self = a; return a; }"));

        Assert.Equal("result is not serializable: cyclic", Error(outcome, TaskError.Program).Message);
    }

    [Fact]
    public async Task An_infinite_loop_times_out_and_the_rest_of_the_batch_is_left_out_while_the_next_batch_runs()
    {
        await using var executor = Executor(workers: 1);
        var program = Program("function Run(d) { if (d === 2) { while (true) {} } return d * 2; }", timeoutSeconds: 1);

        var started = Stopwatch.StartNew();
        var outcomes = await executor.RunAsync(program, Numbers(5), CancellationToken.None);

        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        Assert.Equal([0L, 1, 2], outcomes.Select(o => o.Index));
        Assert.Equal(["0", "2"], outcomes.Take(2).Select(Raw));
        var error = Error(outcomes[2], TaskError.Timeout);
        Assert.Contains("time limit of 1 s", error.Message);
        Assert.True(outcomes[2].Elapsed >= TimeSpan.FromSeconds(0.9));

        var next = await executor.RunAsync(program, Tasks(3, 4), CancellationToken.None);
        Assert.Equal(["6", "8"], next.Select(Raw));
    }

    [Fact]
    public async Task A_timeout_lands_on_the_task_at_fault_when_the_tasks_before_it_took_a_while()
    {
        await using var executor = Executor(workers: 1);
        var program = Program("function Run(d) { const end = Date.now() + 2; while (Date.now() < end) {} if (d === 40) { while (true) {} } return d; }", timeoutSeconds: 1);

        var outcomes = await executor.RunAsync(program, Numbers(60), CancellationToken.None);

        Assert.Equal(41, outcomes.Count);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => i.ToString()), outcomes.Take(40).Select(Raw));
        Assert.Equal(40, outcomes[40].Index);
        Error(outcomes[40], TaskError.Timeout);
    }

    [Fact]
    public async Task A_promise_that_never_settles_times_out()
    {
        await using var executor = Executor(workers: 1);

        var outcome = await RunOneAsync(executor, Program("function Run(d) { return new Promise(() => {}); }", timeoutSeconds: 1));

        Error(outcome, TaskError.Timeout);
    }

    [Fact]
    public async Task Unbounded_allocation_on_the_heap_breaks_the_memory_limit()
    {
        await using var executor = Executor(workers: 1);
        var program = Program("function Run(d) { const all = []; while (true) { all.push(new Array(100000).fill(d)); } }", memoryLimitMb: 64);

        var outcomes = await executor.RunAsync(program, Tasks(1.5, 2), CancellationToken.None);

        var outcome = Assert.Single(outcomes);
        Assert.Contains("memory", Error(outcome, TaskError.Limit).Message);
    }

    [Fact]
    public async Task Unbounded_allocation_outside_the_heap_is_stopped_by_the_resident_memory_watchdog()
    {
        await using var executor = Executor(workers: 1);
        var program = Program("function Run(d) { const all = []; while (true) { all.push(new Uint8Array(1 << 22).fill(1)); } }", memoryLimitMb: 64);

        var outcome = await RunOneAsync(executor, program);

        Assert.Contains("resident memory", Error(outcome, TaskError.Limit).Message);
    }

    [Fact]
    public async Task Unbounded_recursion_is_a_RangeError_and_the_worker_survives()
    {
        await using var executor = Executor(workers: 1);
        var program = Program("function Run(d) { return d === 0 ? Run(d) + 1 : d; }");

        var outcomes = await executor.RunAsync(program, Tasks(0, 7), CancellationToken.None);
        var before = Assert.Single(executor.IdleWorkerProcessIds());
        var again = await executor.RunAsync(program, Tasks(8), CancellationToken.None);

        var error = Error(outcomes[0], TaskError.Program);
        Assert.Equal("RangeError", error.Name);
        Assert.Contains("call stack", error.Message);
        Assert.Equal("7", Raw(outcomes[1]));
        Assert.Equal("8", Raw(Assert.Single(again)));
        Assert.Equal(before, Assert.Single(executor.IdleWorkerProcessIds()));
    }

    [Fact]
    public async Task The_program_sees_no_process_require_Buffer_or_timers()
    {
        await using var executor = Executor();
        var program = Program("function Run(d) { return [typeof process, typeof require, typeof module, typeof Buffer, typeof setTimeout, typeof globalThis.global, typeof fetch]; }");

        var outcome = await RunOneAsync(executor, program);

        Assert.Equal("[\"undefined\",\"undefined\",\"undefined\",\"undefined\",\"undefined\",\"undefined\",\"undefined\"]", Raw(outcome));
    }

    [Theory]
    [InlineData("this.constructor.constructor('return process')()")]
    [InlineData("d.constructor.constructor('return process')()")]
    [InlineData("console.log.constructor('return process')()")]
    [InlineData("Run.constructor('return this')().process")]
    [InlineData("(() => { let found; Error.prepareStackTrace = (e, frames) => { for (const f of frames) { const t = f.getThis(); if (t && t.constructor) { try { found = found || t.constructor.constructor('return process')(); } catch {} } const fn = f.getFunction(); if (fn) { try { found = found || fn.constructor('return process')(); } catch {} } } return ''; }; new Error().stack; Error.prepareStackTrace = undefined; return found; })()")]
    public async Task Function_constructor_escapes_do_not_reach_the_host_process(string expression)
    {
        await using var executor = Executor();
        var program = Program($"function Run(d) {{ let p; try {{ p = {expression}; }} catch (e) {{ return 'threw ' + e.name; }} return typeof p === 'object' && p !== null && typeof p.pid === 'number' ? 'ESCAPED' : 'no process: ' + typeof p; }}");

        var outcome = await RunOneAsync(executor, program, new { a = 1 });

        Assert.DoesNotContain("ESCAPED", Raw(outcome));
    }

    [Fact]
    public async Task A_thenable_result_cannot_reach_the_host_through_its_resolve_function()
    {
        await using var executor = Executor();
        var program = Program("function Run(d) { return { then(resolve) { let r; try { r = typeof resolve.constructor('return process')(); } catch (e) { r = 'threw ' + e.name; } resolve(r); } }; }");

        var outcome = await RunOneAsync(executor, program);

        Assert.Equal("\"threw ReferenceError\"", Raw(outcome));
    }

    [Fact]
    public async Task Reading_a_file_from_a_program_fails()
    {
        await using var executor = Executor();
        var program = Program("async function Run(d) { const fs = await import('node:fs'); return fs.readFileSync('/etc/hostname', 'utf8'); }");

        var outcome = await RunOneAsync(executor, program);

        Error(outcome, TaskError.Program);
    }

    [Fact]
    public async Task The_workers_permission_model_stops_file_reads_and_child_processes_even_with_the_real_process()
    {
        await using var executor = Executor();
        Assert.True(executor.IsAvailable, executor.UnavailableReason);
        // The worker's own command line, running a probe that holds the real process and require.
        var probe = Path.Combine(Path.GetTempPath(), $"jobruntime-probe-{Guid.NewGuid():N}.js");
        await File.WriteAllTextAsync(probe, """
            const out = [];
            try { require('fs').readFileSync('/etc/hostname'); out.push('read'); } catch (e) { out.push(e.code); }
            try { require('fs').writeFileSync('/tmp/jobruntime-probe-written', 'x'); out.push('wrote'); } catch (e) { out.push(e.code); }
            try { require('child_process').execFileSync('/bin/true'); out.push('spawned'); } catch (e) { out.push(e.code); }
            console.log(out.join(' '));
            """);
        try
        {
            var node = JobRuntime.Grains.JavaScript.NodeLocator.Locate(null).Node!;
            var start = new ProcessStartInfo(node.Path) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in JobRuntime.Grains.JavaScript.NodeWorker.Arguments(node, probe, 64))
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();

            Assert.Equal("ERR_ACCESS_DENIED ERR_ACCESS_DENIED ERR_ACCESS_DENIED", output.Trim());
        }
        finally
        {
            File.Delete(probe);
        }
    }

    [Fact]
    public async Task Console_output_is_captured_per_task()
    {
        await using var executor = Executor();
        var program = Program("function Run(d) { console.log('task', d, { d }); if (d === 2) console.warn('careful'); return d; }");

        var outcomes = await executor.RunAsync(program, Tasks(1, 2, 3), CancellationToken.None);

        Assert.Equal(["task 1 {\"d\":1}"], outcomes[0].Log);
        Assert.Equal(["task 2 {\"d\":2}", "[warn] careful"], outcomes[1].Log);
        Assert.Equal(["task 3 {\"d\":3}"], outcomes[2].Log);
    }

    [Fact]
    public async Task Console_output_is_bounded_by_the_output_limit()
    {
        await using var executor = Executor();
        var program = Program("function Run(d) { for (let i = 0; i < 1000; i++) console.log('é line ' + i); return d; }", outputLimitBytes: 200);

        var outcome = await RunOneAsync(executor, program, 5);

        Assert.Equal("5", Raw(outcome));
        Assert.InRange(outcome.Log.Sum(l => Encoding.UTF8.GetByteCount(l)), 150, 200);
        Assert.EndsWith("[console output truncated]", outcome.Log[^1]);
    }

    [Fact]
    public async Task A_result_over_the_output_limit_is_a_limit_error()
    {
        await using var executor = Executor();
        var program = Program("function Run(d) { return 'x'.repeat(d); }", outputLimitBytes: 100);

        var outcomes = await executor.RunAsync(program, Tasks(98, 99), CancellationToken.None);

        Assert.Equal(100, Raw(outcomes[0]).Length);
        Assert.Contains("output limit of 100 bytes", Error(outcomes[1], TaskError.Limit).Message);
    }

    [Fact]
    public async Task A_syntax_error_is_reported_at_check_with_line_and_column()
    {
        await using var executor = Executor();

        var error = await executor.CheckProgramAsync("function Run(d) {\n  return d *\n    }\n", CancellationToken.None);

        Assert.Equal("SyntaxError: Unexpected token '}' at line 3, column 5", error);
    }

    [Theory]
    [InlineData("var run = 1;", "does not define a function Run")]
    [InlineData("", "empty")]
    [InlineData("undefinedThing();\nfunction Run(d) { return d }", "ReferenceError: undefinedThing is not defined at line 1, column 1")]
    [InlineData("while (true) {}\nfunction Run(d) { return d }", "top-level code ran longer than")]
    public async Task A_program_that_cannot_run_is_rejected_at_check(string program, string reason)
    {
        await using var executor = Executor();

        var error = await executor.CheckProgramAsync(program, CancellationToken.None);

        Assert.Contains(reason, error);
    }

    [Fact]
    public async Task A_good_program_passes_the_check()
    {
        await using var executor = Executor();

        Assert.Null(await executor.CheckProgramAsync("const k = 2;\nasync function Run(d) { return d * k }", CancellationToken.None));
    }

    [Fact]
    public async Task A_worker_killed_while_idle_is_replaced()
    {
        await using var executor = Executor(workers: 1);
        var program = Program("function Run(d) { return d + 1; }");
        await executor.RunAsync(program, Tasks(1), CancellationToken.None);
        var first = Assert.Single(executor.IdleWorkerProcessIds());

        Process.GetProcessById(first).Kill();
        await Task.Delay(100);
        var outcomes = await executor.RunAsync(program, Tasks(2), CancellationToken.None);

        Assert.Equal("3", Raw(Assert.Single(outcomes)));
        Assert.NotEqual(first, Assert.Single(executor.IdleWorkerProcessIds()));
    }

    [Fact]
    public async Task A_worker_that_crashes_during_a_task_fails_that_task_and_is_replaced()
    {
        await using var executor = Executor(workers: 1);
        var program = Program("function Run(d) { if (d === 1) { while (true) {} } return d; }");
        await executor.RunAsync(program, Tasks(0), CancellationToken.None);
        var first = Assert.Single(executor.IdleWorkerProcessIds());

        var running = executor.RunAsync(program, Tasks(1), CancellationToken.None);
        await Task.Delay(500);
        Process.GetProcessById(first).Kill();
        var outcome = Assert.Single(await running);
        var after = await executor.RunAsync(program, Tasks(5), CancellationToken.None);

        Assert.Contains("exited unexpectedly", Error(outcome, TaskError.Program).Message);
        Assert.Equal("5", Raw(Assert.Single(after)));
        Assert.NotEqual(first, Assert.Single(executor.IdleWorkerProcessIds()));
    }

    [Fact]
    public async Task Jobs_with_different_memory_limits_share_the_pool()
    {
        await using var executor = Executor(workers: 1);
        var small = Program("function Run(d) { return d; }", memoryLimitMb: 64);
        var large = Program("function Run(d) { return -d; }", memoryLimitMb: 512);

        var a = await executor.RunAsync(small, Tasks(1), CancellationToken.None);
        var b = await executor.RunAsync(large, Tasks(1), CancellationToken.None);
        var c = await executor.RunAsync(small, Tasks(2), CancellationToken.None);

        Assert.Equal(["1", "-1", "2"], new[] { a, b, c }.Select(o => Raw(Assert.Single(o))));
    }

    [Fact]
    public async Task Cancelling_a_batch_kills_its_worker_and_throws()
    {
        await using var executor = Executor(workers: 1);
        var program = Program("function Run(d) { while (true) {} }");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => executor.RunAsync(program, Tasks(1), cancel.Token));
        var after = await executor.RunAsync(Program("function Run(d) { return d; }"), Tasks(4), CancellationToken.None);

        Assert.Equal("4", Raw(Assert.Single(after)));
    }

    [Fact]
    public async Task Is_unavailable_with_a_clear_reason_when_the_node_path_is_missing()
    {
        await using var executor = Executor(path: "/nonexistent/bin/node");

        Assert.False(executor.IsAvailable);
        Assert.Contains("node not found at JobRuntime:Node:Path ('/nonexistent/bin/node')", executor.UnavailableReason);
        Assert.Contains("node not found", await executor.CheckProgramAsync("function Run(d) { return d }", CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => executor.RunAsync(Program("function Run(d) { return d }"), Tasks(1), CancellationToken.None));
    }
}
