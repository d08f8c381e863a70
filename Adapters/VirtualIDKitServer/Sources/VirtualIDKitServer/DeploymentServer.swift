import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import IDCore
import Logging
import NIOCore
import SocialSecurity

/// The bureau gateway and the credential verifier on Hummingbird 2 over TLS, as a configuration
/// file describes them: what an integrator copies to deploy the SDK.
///
/// In front of the handlers: TLS 1.2 or later (mutual TLS for partners when configured), at
/// most ``ServerConfiguration/Limits/maximumConnections`` connections, header limits enforced by
/// the HTTP decoder, bodies read only up to the limit, and a deadline for every request to
/// arrive whole. `GET /health` answers whether the database does. Shut down gracefully, the
/// server stops accepting, finishes the requests it has and then stops.
public struct DeploymentServer: Sendable {
    public let configuration: ServerConfiguration
    public let stores: DeploymentStores
    private let gateway: BureauGateway?
    private let verifier: CredentialVerifier?

    /// Builds the gateway (behind `handler`, the platform's own business logic) and the verifier
    /// that the configuration asks for, on `stores`.
    public init(configuration: ServerConfiguration, stores: DeploymentStores, handler: (any BureauHandler)?) throws {
        self.configuration = configuration
        self.stores = stores
        if let settings = configuration.gateway {
            guard let handler else { throw ServerConfigurationError("gateway: a handler is needed to serve the gateway.") }
            gateway = try Self.gateway(settings, handler: handler, stores: stores, configuration: configuration)
        } else {
            gateway = nil
        }
        verifier = try configuration.verifier.map { try Self.verifier($0, stores: stores, configuration: configuration) }
    }

    /// The application, ready to run as a service; `onRunning` gets the port it listens on.
    public func application(logger: Logger = Logger(label: "vidkit-server"),
                            onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        let router = Router()
        let limits = configuration.limits
        if let gateway, let settings = configuration.gateway {
            router.addGateway(gateway, path: settings.path, maximumBodyBytes: limits.maximumBodyBytes)
        }
        if let verifier, let settings = configuration.verifier {
            router.addVerifier(verifier, audience: settings.audience, requiredClaims: settings.requiredClaims.map { ClaimPath(stringLiteral: $0) },
                               maximumBodyBytes: limits.maximumBodyBytes)
        }
        router.addHealth(stores)
        let timeout = TimeAmount.seconds(Int64(limits.requestTimeoutSeconds))
        let http1 = HTTP1Channel.Configuration(
            additionalChannelHandlers: [RequestDeadlineHandler(timeout: timeout)],
            httpDecoderConfiguration: .init(maxHeaderFieldSize: limits.maximumHeaderBytes, maxHeaderListSize: limits.maximumHeaderBytes,
                                            maxHeaderFieldCount: limits.maximumHeaderFields))
        return Application(
            router: router,
            server: try .tls(.http1(configuration: http1), tlsConfiguration: configuration.tls.serverConfiguration(in: configuration)),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.listen.host, port: configuration.listen.port),
                serverName: nil,
                availableConnectionsDelegate: MaximumAvailableConnections(limits.maximumConnections)),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    private static func gateway(_ settings: ServerConfiguration.Gateway, handler: any BureauHandler, stores: DeploymentStores,
                                configuration: ServerConfiguration) throws -> BureauGateway {
        let platformKey = try ConnectorSigningKey(SigningKey(pemRepresentation: String(decoding: configuration.read(settings.platformKey, for: "gateway.platform_key"),
                                                                                       as: UTF8.self)))
        let partners = try settings.partners.map { partner in
            try PartnerRegistry.Partner(
                institution: InstitutionCode(partner.institution),
                keys: ConnectorKeySet(partner.publicKeys.map {
                    try VerificationKey(pemRepresentation: String(decoding: configuration.read($0, for: "gateway.partners.public_keys"), as: UTF8.self))
                }))
        }
        let limits = GatewayLimits(maximumHeaderFields: configuration.limits.maximumHeaderFields, maximumHeaderBytes: configuration.limits.maximumHeaderBytes,
                                   maximumBodyBytes: configuration.limits.maximumBodyBytes)
        return BureauGateway(platformArea: try InsuranceArea(settings.area), signingKey: platformKey, partners: PartnerRegistry(partners), handler: handler,
                             nonceStore: stores.gatewayNonces, idempotencyStore: stores.idempotency, limits: limits)
    }

    private static func verifier(_ settings: ServerConfiguration.Verifier, stores: DeploymentStores, configuration: ServerConfiguration) throws
        -> CredentialVerifier {
        let trustList = try TrustList(publishedJSON: configuration.read(settings.trustList, for: "verifier.trust_list"))
        return CredentialVerifier(trustList: TrustListStore(trustList), acceptedTypes: Set(settings.acceptedTypes), challenges: stores.challenges,
                                  statusLists: HTTPStatusListSource(), statusListCache: stores.statusListTokens)
    }
}
