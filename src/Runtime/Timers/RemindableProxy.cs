using System.Text.Json;
using JobRuntime.CodeGeneration;
using JobRuntime.Serialization;

namespace JobRuntime.Timers;

/// <summary>The hand-written proxy of <see cref="IRemindable"/> (the runtime assembly is not run through the code generator).</summary>
internal sealed class RemindableProxy(IGrainCallInvoker invoker, GrainId grainId) : GrainReference(invoker, grainId), IRemindable
{
    public static readonly GrainInterfaceInfo Info = new(
        typeof(IRemindable), GrainKeyKind.String, static (i, id) => new RemindableProxy(i, id),
        [ReceiveReminderRequest.MethodInfo], [static () => new ReceiveReminderRequest()]);

    public override Type InterfaceType => typeof(IRemindable);

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        InvokeTaskAsync(new ReceiveReminderRequest { Name = reminderName, Status = status });

    internal sealed class ReceiveReminderRequest : GrainRequest<Unit>
    {
        public static readonly GrainMethod MethodInfo = new(typeof(IRemindable), nameof(IRemindable.ReceiveReminder), 0, GrainMethodFlags.None, ["reminderName", "status"]);

        public string Name = "";
        public TickStatus Status;

        public override GrainMethod Method => MethodInfo;

        public override void CopyArguments(GrainCopier copier)
        {
        }

        public override void WriteArguments(Utf8JsonWriter writer, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            JsonSerializer.Serialize(writer, Name, options);
            JsonSerializer.Serialize(writer, Status, options);
            writer.WriteEndArray();
        }

        public override void ReadArguments(ref Utf8JsonReader reader, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException("IRemindable.ReceiveReminder expects an array of 2 arguments.");
            }
            reader.Read();
            Name = JsonSerializer.Deserialize<string>(ref reader, options) ?? "";
            reader.Read();
            Status = JsonSerializer.Deserialize<TickStatus>(ref reader, options);
            reader.Read();
            if (reader.TokenType != JsonTokenType.EndArray)
            {
                throw new JsonException("IRemindable.ReceiveReminder expects an array of 2 arguments.");
            }
        }

        public override ValueTask<Unit> InvokeAsync(object target)
        {
            var pending = ((IRemindable)target).ReceiveReminder(Name, Status);
            return pending.IsCompletedSuccessfully ? default : Await(pending);

            static async ValueTask<Unit> Await(Task task)
            {
                await task;
                return default;
            }
        }
    }
}
