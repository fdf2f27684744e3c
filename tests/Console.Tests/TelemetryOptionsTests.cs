using JobRuntime.Silo.Tests;

namespace JobRuntime.Console.Tests;

/// <summary>The silo's telemetry options are checked at start-up.</summary>
public sealed class TelemetryOptionsTests
{
    [Fact]
    public async Task A_silo_given_a_bad_OTLP_endpoint_or_protocol_stops_with_a_message_naming_the_keys()
    {
        var directory = Directory.CreateTempSubdirectory("jobruntime-telemetry-").FullName;
        try
        {
            var (exitCode, output) = await SiloProcess.RunToExitAsync(directory,
                "--JobRuntime:Sqlite:DataSource", Path.Combine(directory, "silo.db"),
                "--Orleans:Endpoints:GatewayPort", SiloProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--JobRuntime:Telemetry:OtlpEndpoint", "ftp://127.0.0.1:4317",
                "--JobRuntime:Telemetry:OtlpProtocol", "carrier-pigeon");

            Assert.NotEqual(0, exitCode);
            Assert.Contains("JobRuntime:Telemetry:OtlpEndpoint must be an absolute http or https address; it is 'ftp://127.0.0.1:4317/'.", output);
            Assert.Contains("JobRuntime:Telemetry:OtlpProtocol must be Grpc or HttpProtobuf; it is 'carrier-pigeon'.", output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
