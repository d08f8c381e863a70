import Foundation
import IDCore
import IDCorePostgres
import IDCoreSQLite
import SocialSecurity
import SocialSecurityPostgres
import SocialSecuritySQLite

/// The shared state of a deployment, on the database its configuration names: every instance
/// on the same PostgreSQL database shares replay protection, idempotency and the verifier's
/// nonces; an SQLite file serves one instance.
public struct DeploymentStores: Sendable {
    /// The gateway's nonces: a signed message accepted at one instance is a replay at all.
    public let gatewayNonces: any NonceStore
    /// The gateway's messages and answers.
    public let idempotency: any IdempotencyStore
    /// The nonces the verifier issued and redeemed.
    public let challenges: any ChallengeStore
    /// Status list tokens fetched by the verifier, shared by its instances.
    public let statusListTokens: any StatusListTokenCache

    /// Opens (creating or migrating) the stores on the configuration's database.
    public init(_ configuration: ServerConfiguration) throws {
        switch configuration.database {
        case .sqlite(let path):
            let file = configuration.file(path).path
            gatewayNonces = try SQLiteNonceStore(path: file)
            idempotency = try SQLiteIdempotencyStore(path: file)
            challenges = try SQLiteChallengeStore(path: file)
            statusListTokens = try SQLiteStatusListTokenCache(path: file)
        case .postgres(let url, let poolSize):
            gatewayNonces = try PostgresNonceStore(url: url, poolSize: poolSize)
            idempotency = try PostgresIdempotencyStore(url: url, poolSize: poolSize)
            challenges = try PostgresChallengeStore(url: url, poolSize: poolSize)
            statusListTokens = try PostgresStatusListTokenCache(url: url)
        }
    }

    /// Whether the database answers: a read of the token cache, which every deployment has.
    public func check() async throws {
        _ = try await statusListTokens.token(at: "urn:virtualidkit:health")
    }
}
