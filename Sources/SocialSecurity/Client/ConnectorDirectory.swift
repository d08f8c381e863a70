import Foundation
import IDCore

/// The bureaus a partner can reach, by administrative division: loaded from a JSON file the
/// integrator maintains, so the 27th province is a new entry, not new code.
///
/// ```json
/// {"bureaus": [{"division": "4403", "bureau_id": "440300", "endpoint": "https://si.sz.gov.cn/connector",
///               "keys": [{"kty": "EC", "crv": "SM2", "x": "…", "y": "…", "kid": "…"}],
///               "transactions": ["card/bind", "card/status", "eligibility", "settlements"]}]}
/// ```
///
/// A person is routed by the most specific entry whose division code is a prefix of theirs
/// (county, then prefecture, then province).
public struct ConnectorDirectory: Sendable {
    /// One connected bureau: where it is, what it serves and how to trust its answers.
    public struct Bureau: Sendable {
        /// The division code prefix the bureau serves: a province (`51`), prefecture (`5101`) or county.
        public let division: String
        /// The bureau's identifier, which its answers must carry.
        public let bureauID: String
        /// The bureau's base URL.
        public let endpoint: URL
        /// The bureau's response-signing keys, by key id.
        public let keys: ConnectorKeySet
        /// The transactions the bureau offers; others fail before any request is sent.
        public let transactions: Set<Transaction>
        /// The endpoint's path without a trailing slash, which every protocol path extends;
        /// kept because reading a `URL`'s path parses it again.
        let basePath: String

        /// Creates a directory entry; by default the bureau offers every transaction.
        public init(division: String, bureauID: String, endpoint: URL, keys: ConnectorKeySet, transactions: Set<Transaction> = Set(Transaction.allCases)) {
            self.division = division
            self.bureauID = bureauID
            self.endpoint = endpoint
            self.keys = keys
            self.transactions = transactions
            self.basePath = endpoint.path.trimmingSuffix("/")
        }
    }

    private let bureaus: [Bureau]

    /// Creates a directory; the most specific division wins when entries overlap.
    public init(_ bureaus: [Bureau]) {
        self.bureaus = bureaus.sorted { $0.division.count > $1.division.count }
    }

    /// Reads the JSON form shown above; every problem is a `malformed-request` naming the entry.
    public init(jsonData: Data) throws {
        let file: DirectoryFile
        do {
            file = try JSONDecoder().decode(DirectoryFile.self, from: jsonData)
        } catch {
            throw ConnectorError(.malformedRequest, "The connector directory is not valid JSON of the documented shape: \(error)")
        }
        self.init(try file.bureaus.map { entry in
            guard let endpoint = URL(string: entry.endpoint), [2, 4, 6].contains(entry.division.count) else {
                throw ConnectorError(.malformedRequest, "Directory entry \(entry.bureauID) has a bad endpoint or division.")
            }
            do {
                _ = try AdministrativeDivision(code: entry.division)
                let keys = try entry.keys.map { jwk in (jwk.keyID, try VerificationKey(jwk: jwk)) }
                let transactions = try entry.transactions.map { name in
                    guard let transaction = Transaction(rawValue: name) else { throw ConnectorError(.malformedRequest, "Unknown transaction '\(name)'.") }
                    return transaction
                }
                return Bureau(division: entry.division, bureauID: entry.bureauID, endpoint: endpoint,
                              keys: ConnectorKeySet(keysByID: Dictionary(keys.map { ($0.0 ?? $0.1.thumbprint, $0.1) }, uniquingKeysWith: { first, _ in first })),
                              transactions: Set(transactions))
            } catch let error as IDCoreError {
                throw ConnectorError(.malformedRequest, "Directory entry \(entry.bureauID): \(error.reason)")
            }
        })
    }

    /// The bureau for a person whose card was issued in (or whose identity number starts with)
    /// `divisionCode`, or `unknown-province`.
    public func bureau(for divisionCode: String) throws -> Bureau {
        guard let bureau = bureaus.first(where: { divisionCode.hasPrefix($0.division) }) else {
            let province = (try? AdministrativeDivision(code: String(divisionCode.prefix(2))).chineseName) ?? divisionCode.prefix(2).description
            throw ConnectorError(.unknownProvince, "No bureau for division \(divisionCode) (\(province)) is in the connector directory: that province is not connected yet.")
        }
        return bureau
    }

    private struct DirectoryFile: Decodable {
        struct Entry: Decodable {
            let division: String
            let bureauID: String
            let endpoint: String
            let keys: [JSONWebKey]
            let transactions: [String]

            enum CodingKeys: String, CodingKey { case division, bureauID = "bureau_id", endpoint, keys, transactions }
        }

        let bureaus: [Entry]
    }
}
