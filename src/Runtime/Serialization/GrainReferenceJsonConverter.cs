using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobRuntime.Serialization;

/// <summary>Writes grain and observer references as their grain id; reads them back as proxies.</summary>
internal sealed class GrainReferenceJsonConverterFactory(Func<IGrainFactory> grainFactory) : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsInterface && typeof(IAddressable).IsAssignableFrom(typeToConvert);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert), grainFactory)!;

    private sealed class Converter<T>(Func<IGrainFactory> grainFactory) : JsonConverter<T> where T : class, IAddressable
    {
        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }
            var text = reader.GetString() ?? throw new JsonException($"A {typeof(T).Name} reference must be a 'type/key' string.");
            GrainId id;
            try
            {
                id = GrainId.Parse(text);
            }
            catch (FormatException e)
            {
                throw new JsonException(e.Message, e);
            }
            return grainFactory().GetGrain<T>(id);
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            if (value is not CodeGeneration.GrainReference reference)
            {
                throw new JsonException($"{value.GetType()} is not a grain reference: pass references made by IGrainFactory, or CreateObjectReference for observers.");
            }
            writer.WriteStringValue(reference.GrainId.ToString());
        }
    }
}
