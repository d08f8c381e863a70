import Foundation
import NIOCore
import NIOSSL

extension ServerConfiguration.TLS {
    /// The server's TLS configuration: TLS 1.2 at least, the certificate chain and key from
    /// their PEM files, and partners' certificates verified against the configured authorities
    /// when asked for (no host name: a client certificate names an institution, not a host).
    func serverConfiguration(in configuration: ServerConfiguration) throws -> TLSConfiguration {
        let (chain, key) = try Self.pem(else: "tls: the certificate chain or private key is not PEM that BoringSSL reads") {
            (try NIOSSLCertificate.fromPEMBytes(Array(configuration.read(certificateChain, for: "tls.certificate_chain"))),
             try NIOSSLPrivateKey(bytes: Array(configuration.read(privateKey, for: "tls.private_key")), format: .pem))
        }
        guard !chain.isEmpty else { throw ServerConfigurationError("tls.certificate_chain: \(configuration.file(certificateChain).path) holds no certificate.") }
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        tls.minimumTLSVersion = .tlsv12
        // A connection closed at shutdown or at its deadline waits this long for the client's
        // close_notify, not NIOSSL's default 5 s: a client that never answers holds nothing.
        tls.shutdownTimeout = .seconds(1)
        if clientCertificates != .none, let authorities = clientCertificateAuthorities {
            let roots = try Self.pem(else: "tls.client_certificate_authorities: not PEM certificates") {
                try NIOSSLCertificate.fromPEMBytes(Array(configuration.read(authorities, for: "tls.client_certificate_authorities")))
            }
            tls.trustRoots = .certificates(roots)
            tls.certificateVerification = clientCertificates == .required ? .noHostnameVerification : .optionalVerification
            tls.sendCANameList = true
        }
        return tls
    }

    /// Parses PEM: a file that cannot be read keeps its own error, one BoringSSL cannot parse
    /// says `message`.
    private static func pem<Value>(else message: String, _ parse: () throws -> Value) throws -> Value {
        do {
            return try parse()
        } catch let error as ServerConfigurationError {
            throw error
        } catch {
            throw ServerConfigurationError("\(message) (\(error)).")
        }
    }
}
