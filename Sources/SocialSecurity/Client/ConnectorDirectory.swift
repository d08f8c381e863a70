import Foundation
import IDCore

/// The medical-security platforms a partner can reach, by insurance area: loaded from a JSON
/// file the integrator maintains, so a newly connected province is a new entry, not new code.
///
/// ```json
/// {"platforms": [{"area": "440300", "endpoint": "https://hisp.sz.example/fsi/api",
///                 "keys": [{"kty": "EC", "crv": "SM2", "x": "…", "y": "…", "kid": "…"}],
///                 "transactions": ["9001", "1101", "2201", "2207"]}]}
/// ```
///
/// An area is served by the most specific entry whose code, without its trailing pairs of
/// zeros, begins the area's code: `440300` serves `440305`, `510000` serves all of Sichuan.
public struct ConnectorDirectory: Sendable {
    /// One connected platform: where it is, what it serves and how to trust its answers.
    public struct Platform: Sendable {
        /// The area the platform serves.
        public let area: InsuranceArea
        /// The platform's endpoint; every transaction is a POST to it.
        public let endpoint: URL
        /// The platform's answer-signing keys, by key id.
        public let keys: ConnectorKeySet
        /// The transactions the platform offers; others fail before any request is sent.
        public let transactions: Set<InterfaceTransaction>
        /// The endpoint's path, which the request is signed for; kept because reading a
        /// `URL`'s path parses it again.
        let path: String
        /// The area's significant prefix.
        let prefix: String

        /// Creates an entry; by default the platform offers every transaction.
        public init(area: InsuranceArea, endpoint: URL, keys: ConnectorKeySet, transactions: Set<InterfaceTransaction> = Set(InterfaceTransaction.allCases)) {
            self.area = area
            self.endpoint = endpoint
            self.keys = keys
            self.transactions = transactions
            path = endpoint.path.isEmpty ? "/" : endpoint.path
            prefix = Self.significantPrefix(area.code)
        }

        /// `440300` → `4403`, `510000` → `51`, `440305` → `440305`.
        static func significantPrefix(_ code: String) -> String {
            var prefix = Substring(code)
            while prefix.count > 2, prefix.hasSuffix("00") { prefix = prefix.dropLast(2) }
            return String(prefix)
        }
    }

    private let platforms: [Platform]

    /// Creates a directory; the most specific area wins when entries overlap.
    public init(_ platforms: [Platform]) {
        self.platforms = platforms.sorted { $0.prefix.count > $1.prefix.count }
    }

    /// Reads the JSON form shown above; every problem is a `malformed-request` naming the entry.
    public init(jsonData: Data) throws {
        let file: JSONObjectReader
        do {
            file = try JSONObjectReader(JSONValue(parsing: jsonData))
        } catch {
            throw ConnectorError(.malformedRequest, "The connector directory is not a JSON object.")
        }
        do {
            self.init(try file.objects("platforms") { entry in
                let area = try entry.area("area")
                guard let endpoint = URL(string: try entry.requiredText("endpoint")), endpoint.scheme == "https" || endpoint.scheme == "http" else {
                    throw ConnectorError(.malformedRequest, "Directory entry \(area.code) has no usable endpoint.")
                }
                guard case .array(let keyValues) = try entry.value("keys"), !keyValues.isEmpty else {
                    throw ConnectorError(.malformedRequest, "Directory entry \(area.code) has no keys to verify its answers with.")
                }
                let keys = try keyValues.map { value in
                    let jwk = try JSONWebKey(json: value)
                    let key = try VerificationKey(jwk: jwk)
                    return (jwk.keyID ?? key.thumbprint, key)
                }
                let transactions = try entry.strings("transactions") { InterfaceTransaction(rawValue: $0) }
                return Platform(area: area, endpoint: endpoint, keys: ConnectorKeySet(keysByID: Dictionary(keys, uniquingKeysWith: { first, _ in first })),
                                transactions: Set(transactions))
            })
        } catch let error as ConnectorError {
            throw error
        } catch let error as IDCoreError {
            throw ConnectorError(.malformedRequest, "The connector directory has a bad key: \(error.reason)")
        } catch let error as DecodingError {
            throw ConnectorError(.malformedRequest, "The connector directory is not of the documented shape: \(error.memberDescription)")
        }
    }

    /// The platform serving `area`, or `unknown-area`.
    public func platform(for area: InsuranceArea) throws -> Platform {
        guard let platform = platforms.first(where: { area.code.hasPrefix($0.prefix) }) else {
            throw ConnectorError(.unknownArea, "No platform for area \(area) is in the connector directory: it is not connected.")
        }
        return platform
    }
}
