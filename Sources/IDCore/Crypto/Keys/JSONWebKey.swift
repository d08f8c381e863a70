import Foundation

/// A JSON Web Key (RFC 7517) for the elliptic-curve and Ed25519 keys IDCore supports.
///
/// EC keys (P-256, P-384) follow RFC 7518 section 6.2, Ed25519 keys RFC 8037 (`kty` `OKP`).
/// SM2 keys use `kty` `EC` with `crv` `SM2`, this SDK's national profile (SM2 has no
/// IANA-registered JWK curve name). The private member `d` is never shown by `description`.
public struct JSONWebKey: Codable, Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// `kty`: `EC` or `OKP`.
    public var keyType: String
    /// `crv`: `P-256`, `P-384`, `SM2` or `Ed25519`.
    public var curve: String?
    /// `x`: base64url x coordinate (EC) or public key (OKP).
    public var x: String?
    /// `y`: base64url y coordinate (EC only).
    public var y: String?
    /// `d`: base64url private scalar or seed; present only in a private JWK.
    public var d: String?
    /// `kid`: the key identifier.
    public var keyID: String?
    /// `alg`: the JOSE algorithm the key is meant for, if stated.
    public var algorithm: String?
    /// `use`: `sig` for signing keys, if stated.
    public var use: String?

    private enum CodingKeys: String, CodingKey {
        case keyType = "kty", curve = "crv", x, y, d, keyID = "kid", algorithm = "alg", use
    }

    /// Creates a JWK from its members.
    public init(
        keyType: String, curve: String? = nil, x: String? = nil, y: String? = nil, d: String? = nil,
        keyID: String? = nil, algorithm: String? = nil, use: String? = nil
    ) {
        self.keyType = keyType
        self.curve = curve
        self.x = x
        self.y = y
        self.d = d
        self.keyID = keyID
        self.algorithm = algorithm
        self.use = use
    }

    /// Whether the JWK carries private key material.
    public var isPrivate: Bool { d != nil }

    /// The same key without its private member.
    public var publicKey: JSONWebKey {
        var copy = self
        copy.d = nil
        return copy
    }

    public var description: String {
        let members = [("kty", keyType), ("crv", curve), ("kid", keyID), ("alg", algorithm)]
            .compactMap { name, value in value.map { "\(name): \($0)" } }
        return "JSONWebKey(\((members + (isPrivate ? ["private"] : [])).joined(separator: ", ")))"
    }

    /// What `dump` and debuggers show: the public members only.
    public var customMirror: Mirror {
        Mirror(self, children: ["description": description, "x": x as Any, "y": y as Any], displayStyle: .struct)
    }
}

extension JSONWebKey {
    /// Builds the JWK of a key from its raw public key and, for a private JWK, its raw scalar.
    init(algorithm: SignatureAlgorithm, rawPublicKey: Data, rawPrivateKey: Data?, keyID: String?) {
        let (keyType, curve) = algorithm.jwkKeyTypeAndCurve
        let width = algorithm.scalarLength
        if algorithm == .edDSA {
            self.init(keyType: keyType, curve: curve, x: rawPublicKey.base64URLEncodedString())
        } else {
            let coordinates = rawPublicKey.dropFirst()
            self.init(
                keyType: keyType, curve: curve,
                x: Data(coordinates.prefix(width)).base64URLEncodedString(),
                y: Data(coordinates.suffix(width)).base64URLEncodedString()
            )
        }
        self.d = rawPrivateKey?.base64URLEncodedString()
        self.keyID = keyID
        self.algorithm = algorithm.joseName
    }

    /// Reads a JWK from parsed JSON, without a round trip through `JSONDecoder`: a verifier
    /// reads the holder key of every presentation this way.
    package init(json: JSONValue) throws {
        guard let members = json.objectValue, let keyType = members["kty"]?.stringValue else {
            throw IDCoreError(.invalidKeyEncoding, "A JWK is a JSON object with a 'kty' string.")
        }
        func member(_ name: String) throws -> String? {
            guard let value = members[name] else { return nil }
            guard let text = value.stringValue else { throw IDCoreError(.invalidKeyEncoding, "JWK member '\(name)' is not a string.") }
            return text
        }
        self.init(keyType: keyType, curve: try member("crv"), x: try member("x"), y: try member("y"), d: try member("d"),
                  keyID: try member("kid"), algorithm: try member("alg"), use: try member("use"))
    }

    /// The algorithm named by `kty` and `crv`, checked against `alg` when present.
    func signatureAlgorithm() throws -> SignatureAlgorithm {
        guard let match = SignatureAlgorithm.allCases.first(where: { $0.jwkKeyTypeAndCurve == (keyType, curve ?? "") }) else {
            throw IDCoreError(.unsupportedAlgorithm, "JWK kty '\(keyType)' with crv '\(curve ?? "none")' is not a supported key type.")
        }
        if let algorithm, algorithm != match.joseName {
            throw IDCoreError(.algorithmMismatch, "JWK alg '\(algorithm)' does not fit a \(curve ?? "") key (\(match.joseName)).")
        }
        return match
    }

    /// The raw public key (`04 || X || Y`, or Ed25519's 32 bytes), with each member checked for
    /// its exact length as RFC 7518 section 6.2.1 requires.
    func rawPublicKey(for algorithm: SignatureAlgorithm) throws -> Data {
        let width = algorithm.scalarLength
        let x = try Self.member("x", x, length: width)
        if algorithm == .edDSA {
            guard y == nil else { throw IDCoreError(.invalidKeyEncoding, "An Ed25519 JWK has no 'y' member.") }
            return x
        }
        return Data([0x04]) + x + (try Self.member("y", y, length: width))
    }

    /// The raw private scalar or seed from `d`.
    func rawPrivateKey(for algorithm: SignatureAlgorithm) throws -> Data {
        try Self.member("d", d, length: algorithm.scalarLength)
    }

    private static func member(_ name: String, _ value: String?, length: Int) throws -> Data {
        guard let value else { throw IDCoreError(.invalidKeyEncoding, "The JWK has no '\(name)' member.") }
        guard let bytes = Data(base64URLEncoded: value) else {
            throw IDCoreError(.invalidKeyEncoding, "JWK member '\(name)' is not unpadded base64url.")
        }
        guard bytes.count == length else {
            throw IDCoreError(.invalidKeyEncoding, "JWK member '\(name)' is \(bytes.count) bytes; it must be \(length).")
        }
        return bytes
    }
}

extension SignatureAlgorithm {
    /// The JWK `kty` and `crv` of this algorithm's keys.
    var jwkKeyTypeAndCurve: (String, String) {
        switch self {
        case .es256: ("EC", "P-256")
        case .es384: ("EC", "P-384")
        case .sm2: ("EC", "SM2")
        case .edDSA: ("OKP", "Ed25519")
        }
    }
}
