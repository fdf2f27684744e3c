using JobRuntime.GrainInterfaces;
using static JobRuntime.Grains.Tests.NodeTesting;

namespace JobRuntime.Grains.Tests;

/// <summary>
/// A hostile corpus against the JavaScript sandbox: the known ways out of a <c>vm</c> context,
/// prototype pollution across jobs, stack and memory bombs, and programs that try to learn about
/// other jobs. Each ends as the program's own result or typed error; other jobs are untouched.
/// </summary>
public sealed class JavaScriptSandboxTests
{
    [Theory]
    [InlineData("this.constructor.constructor('return process')()")]
    [InlineData("Run.constructor('return process')()")]
    [InlineData("(function () { return this; })().constructor.constructor('return process')()")]
    [InlineData("Object.getPrototypeOf(console.log).constructor('return process')()")]
    [InlineData("d.constructor.constructor('return process')()")]
    [InlineData("(async () => {})().constructor.constructor('return process')()")]
    [InlineData("new Error().constructor.constructor('return process')()")]
    [InlineData("JSON.parse('{}').constructor.constructor('return process')()")]
    [InlineData("globalThis.process")]
    [InlineData("typeof require === 'function' ? require('fs') : undefined")]
    [InlineData("typeof module === 'object' ? module.constructor : undefined")]
    [InlineData("(() => { Error.prepareStackTrace = (e, frames) => frames.map(f => f.getThis() ?? f.getFunction()).find(x => x && x.process); const found = new Error().stack; delete Error.prepareStackTrace; return found && found.process; })()")]
    public async Task A_known_escape_from_the_vm_context_reaches_no_process(string escape)
    {
        await using var executor = Executor(workers: 1);

        var outcome = await RunOneAsync(executor, Program($"function Run(d) {{ const p = {escape}; return p === undefined ? 'contained' : typeof p.pid + ' ' + typeof p.env; }}"), new { a = 1 });

        if (outcome.Error is null)
        {
            Assert.Equal("\"contained\"", Raw(outcome));
        }
        else
        {
            Assert.Equal(TaskError.Program, outcome.Error.Type);
            Assert.DoesNotContain("number object", outcome.Error.Message);
        }
    }

    [Fact]
    public async Task A_dynamic_import_is_a_program_error()
    {
        await using var executor = Executor(workers: 1);

        var outcome = await RunOneAsync(executor, Program("async function Run(d) { const fs = await import('node:fs'); return fs.readFileSync('/etc/passwd', 'utf8'); }"));

        Assert.Equal(TaskError.Program, outcome.Error?.Type);
        Assert.DoesNotContain("root:", outcome.Error!.Message);
    }

    [Fact]
    public async Task Prototype_pollution_by_one_job_does_not_reach_the_next_job_in_the_same_worker()
    {
        await using var executor = Executor(workers: 1);
        var polluter = Program("function Run(d) { Object.prototype.polluted = 'yes'; Array.prototype.map = () => 'hijacked'; Object.prototype.toJSON = () => 'hijacked'; JSON.parse = () => 'hijacked'; return 1; }");
        await RunOneAsync(executor, polluter);

        var victim = await RunOneAsync(executor, Program("function Run(d) { return { polluted: ({}).polluted === undefined ? 'no' : 'yes', mapped: [1, 2].map(x => x * 2), d }; }"), new { k = 1 });

        Assert.Equal("{\"polluted\":\"no\",\"mapped\":[2,4],\"d\":{\"k\":1}}", Raw(victim));
    }

    [Fact]
    public async Task A_proto_key_in_a_task_input_is_data_and_pollutes_nothing()
    {
        await using var executor = Executor(workers: 1);

        var outcome = await RunOneAsync(executor, Program("function Run(d) { return [({}).polluted === undefined, Object.keys(d), d.polluted === undefined]; }"),
            System.Text.Json.JsonDocument.Parse("{\"__proto__\": {\"polluted\": 1}, \"constructor\": {\"prototype\": {\"polluted\": 1}}}").RootElement);

        Assert.Equal("[true,[\"__proto__\",\"constructor\"],true]", Raw(outcome));
    }

    [Theory]
    [InlineData("function Run(d) { return Run(d + 1); }", "RangeError")]
    [InlineData("function Run(d) { const f = () => [f()]; return f(); }", "RangeError")]
    [InlineData("function Run(d) { return 'x'.repeat(2 ** 30); }", "RangeError")]
    [InlineData("function Run(d) { let s = '['; for (let i = 0; i < 1e6; i++) s += '['; return JSON.parse(s); }", "SyntaxError")]
    public async Task A_stack_or_string_bomb_is_the_tasks_own_error_and_the_worker_goes_on(string program, string name)
    {
        await using var executor = Executor(workers: 1);

        var bomb = await RunOneAsync(executor, Program(program));
        var next = await RunOneAsync(executor, Program("function Run(d) { return d + 1; }"), 41);

        Assert.Equal(TaskError.Program, bomb.Error?.Type);
        Assert.Equal(name, bomb.Error!.Name);
        Assert.Equal("42", Raw(next));
    }

    [Fact]
    public async Task After_a_memory_bomb_the_next_job_runs()
    {
        await using var executor = Executor(workers: 1);

        var bomb = await RunOneAsync(executor, Program("function Run(d) { const all = []; while (true) { all.push(new Array(100000).fill(d)); } }", memoryLimitMb: 64));
        var next = await RunOneAsync(executor, Program("function Run(d) { return d * 2; }"), 21);

        Assert.Equal(TaskError.Limit, bomb.Error?.Type);
        Assert.Equal("42", Raw(next));
    }

    [Fact]
    public async Task Error_stacks_of_eval_and_Function_code_never_name_another_jobs_file_or_id()
    {
        await using var executor = Executor(workers: 1);
        const string Probe = """
            function Run(d) {
              const stacks = [];
              try { eval('(function inner() { throw new Error("e"); })()'); } catch (e) { stacks.push(e.stack); }
              try { new Function('throw new Error("f")')(); } catch (e) { stacks.push(e.stack); }
              try { eval('}'); } catch (e) { stacks.push(e.stack); }
              Error.prepareStackTrace = (e, frames) => frames.map(f => [f.getFileName(), f.getEvalOrigin(), f.getScriptNameOrSourceURL()].join(' ')).join('\n');
              try { eval('new Function("throw new Error(1)")()'); } catch (e) { stacks.push(e.stack); }
              delete Error.prepareStackTrace;
              stacks.push(Object.getOwnPropertyNames(globalThis).join(','));
              return stacks.join('\n');
            }
            """;
        var first = Program(Probe);
        var second = Program(Probe);

        var firstStacks = Raw(await RunOneAsync(executor, first));
        var secondStacks = Raw(await RunOneAsync(executor, second));
        var firstAgain = Raw(await RunOneAsync(executor, first));

        Assert.Contains(first.JobId, firstStacks);
        Assert.DoesNotContain(second.JobId, firstStacks);
        Assert.DoesNotContain(first.JobId, secondStacks);
        Assert.DoesNotContain(second.JobId, firstAgain);
    }
}
