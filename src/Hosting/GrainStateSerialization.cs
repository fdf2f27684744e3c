using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace JobRuntime.Hosting;

/// <summary>
/// How every profile's grain storage encodes states: Orleans' binary serializer (the states are
/// <c>[GenerateSerializer]</c> types), reading records written as Orleans' default JSON too, so files
/// and tables of earlier versions keep working. Binary keeps a chunk's packed tasks as bytes rather
/// than base64 text inside JSON: a third smaller, within Azure Table's entity limit for longer, and
/// without Newtonsoft.Json on the path of every step.
/// </summary>
internal static class GrainStateSerialization
{
    public static void Configure(ISiloBuilder silo) =>
        silo.Services.AddSingleton<IGrainStorageSerializer>(sp => new GrainStorageSerializer(
            new OrleansGrainStorageSerializer(sp.GetRequiredService<Serializer>()),
            new JsonGrainStorageSerializer(sp.GetRequiredService<OrleansJsonSerializer>())));
}
