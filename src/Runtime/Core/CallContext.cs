using System.Text;
using JobRuntime.CodeGeneration;

namespace JobRuntime.Runtime;

/// <summary>
/// One link of a call chain: which grain method is running on behalf of which caller. It flows
/// with the grain's async code, so a call made from grain code knows the chain that led to it;
/// timeouts name the chain, which is how call cycles between non-reentrant grains show up.
/// </summary>
internal sealed class CallContext(GrainId target, GrainMethod method, CallContext? caller)
{
    private static readonly AsyncLocal<CallContext?> CurrentLocal = new();

    public GrainId Target { get; } = target;

    public GrainMethod Method { get; } = method;

    public CallContext? Caller { get; } = caller;

    public static CallContext? Current
    {
        get => CurrentLocal.Value;
        set => CurrentLocal.Value = value;
    }

    /// <summary>True when this call's target appears earlier in the chain (a call cycle).</summary>
    public bool IsCycle
    {
        get
        {
            for (var link = Caller; link is not null; link = link.Caller)
            {
                if (link.Target == Target)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>The chain from the first caller to this call, e.g. <c>a/1 IPing.Ping -> b/1 IPing.Ping</c>.</summary>
    public string Describe()
    {
        var links = new List<CallContext>();
        for (var link = this; link is not null; link = link.Caller)
        {
            links.Add(link);
        }
        var text = new StringBuilder();
        for (var i = links.Count - 1; i >= 0; i--)
        {
            text.Append(links[i].Target).Append(' ').Append(links[i].Method);
            if (i > 0)
            {
                text.Append(" -> ");
            }
        }
        return text.ToString();
    }
}
