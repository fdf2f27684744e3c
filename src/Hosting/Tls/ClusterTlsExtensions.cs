using Microsoft.Extensions.Configuration;
using Orleans.Connections.Security;

namespace JobRuntime.Hosting;

/// <summary>Puts a silo's or client's Orleans connections under the TLS of <see cref="ClusterTlsOptions"/>.</summary>
public static class ClusterTlsExtensions
{
    /// <summary>
    /// When <c>JobRuntime:Cluster:Tls</c> names a certificate: the silo's gateway and silo
    /// endpoints accept only TLS connections whose peer presents a certificate of the trusted
    /// authority, and its own connections to other silos do the same. Does nothing otherwise.
    /// <see cref="ClusterSiloBuilderExtensions.UseJobRuntimeCluster"/> calls it.
    /// </summary>
    /// <exception cref="InvalidOperationException">A certificate cannot be loaded; the message names the key.</exception>
    public static ISiloBuilder UseJobRuntimeTls(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = Read(configuration);
        if (options.Enabled)
        {
            var certificate = ClusterTlsCertificates.LoadLocal(options);
            var authority = ClusterTlsCertificates.LoadAuthority(options);
            silo.UseTls(certificate, tls => Require(tls, authority));
        }
        return silo;
    }

    /// <summary>
    /// When <c>JobRuntime:Cluster:Tls</c> names a certificate, the client connects to gateways over
    /// TLS, presents it, and accepts only gateways whose certificate the trusted authority issued.
    /// Does nothing otherwise. <see cref="ClusterClientBuilderExtensions.UseJobRuntimeCluster"/> calls it.
    /// </summary>
    /// <exception cref="InvalidOperationException">A certificate cannot be loaded; the message names the key.</exception>
    public static IClientBuilder UseJobRuntimeTls(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = Read(configuration);
        if (options.Enabled)
        {
            var certificate = ClusterTlsCertificates.LoadLocal(options);
            var authority = ClusterTlsCertificates.LoadAuthority(options);
            client.UseTls(certificate, tls => Require(tls, authority));
        }
        return client;
    }

    /// <summary>The TLS settings of <c>JobRuntime:Cluster:Tls</c>.</summary>
    public static ClusterTlsOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new ClusterTlsOptions();
        try
        {
            configuration.GetSection(ClusterTlsOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{ClusterTlsOptions.SectionName}: {e.Message}", e);
        }
        return options;
    }

    private static void Require(TlsOptions tls, System.Security.Cryptography.X509Certificates.X509Certificate2? authority)
    {
        var valid = ClusterTlsCertificates.Validator(authority);
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = (certificate, _, errors) => valid(certificate, errors);
    }
}
