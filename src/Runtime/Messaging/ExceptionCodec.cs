using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json;

namespace JobRuntime.Messaging;

/// <summary>
/// Carries exceptions across a process boundary as type name, message and stack. The receiver
/// re-creates the type when it has it (with a message constructor), else a
/// <see cref="RemoteGrainException"/> naming it; the remote stack is attached either way.
/// </summary>
internal static class ExceptionCodec
{
    public static void Write(Utf8JsonWriter writer, Exception error)
    {
        writer.WriteStartObject();
        writer.WriteString("type", error.GetType().FullName);
        writer.WriteString("message", error.Message);
        writer.WriteString("stack", error.StackTrace);
        writer.WriteEndObject();
    }

    public static Exception Read(ReadOnlySpan<byte> json)
    {
        string type = "System.Exception", message = "", stack = "";
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            type = root.GetProperty("type").GetString() ?? type;
            message = root.GetProperty("message").GetString() ?? "";
            stack = root.TryGetProperty("stack", out var s) ? s.GetString() ?? "" : "";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new ProtocolException($"An error response could not be read: {e.Message}");
        }
        var error = Create(type, message);
        return string.IsNullOrEmpty(stack) ? error : ExceptionDispatchInfo.SetRemoteStackTrace(error, stack);
    }

    private static Exception Create(string typeName, string message)
    {
        var type = FindType(typeName);
        if (type is not null && typeof(Exception).IsAssignableFrom(type) && !type.IsAbstract)
        {
            try
            {
                if (type.GetConstructor([typeof(string)]) is { } withMessage)
                {
                    return (Exception)withMessage.Invoke([message]);
                }
                if (type.GetConstructor([typeof(string), typeof(Exception)]) is { } withInner)
                {
                    return (Exception)withInner.Invoke([message, null]);
                }
            }
            catch (TargetInvocationException)
            {
            }
        }
        return new RemoteGrainException(typeName, message);
    }

    private static Type? FindType(string name)
    {
        var type = Type.GetType(name, throwOnError: false);
        if (type is not null)
        {
            return type;
        }
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            type = assembly.GetType(name, throwOnError: false);
            if (type is not null)
            {
                return type;
            }
        }
        return null;
    }
}
