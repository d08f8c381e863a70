import Foundation
import IDCore
import Testing

@Suite("Key import and export")
struct KeyEncodingTests {
    @Test("Every encoding of a generated key reads back to the same key", arguments: SignatureAlgorithm.allCases)
    func roundTrips(algorithm: SignatureAlgorithm) throws {
        let key = try SigningKey(generating: algorithm)
        let copies = [
            try SigningKey(pkcs8DERRepresentation: key.pkcs8DERRepresentation),
            try SigningKey(pemRepresentation: key.pemRepresentation),
            try SigningKey(rawRepresentation: key.rawRepresentation, algorithm: algorithm),
            try SigningKey(jwk: key.jwk),
            try SigningKey(jwk: JSONDecoder().decode(JSONWebKey.self, from: JSONEncoder().encode(key.jwk))),
        ]
        for copy in copies {
            #expect(copy.algorithm == algorithm)
            #expect(copy.publicKey == key.publicKey)
        }
        let publicKey = key.publicKey
        #expect(try VerificationKey(derRepresentation: publicKey.derRepresentation) == publicKey)
        #expect(try VerificationKey(pemRepresentation: publicKey.pemRepresentation) == publicKey)
        #expect(try VerificationKey(rawRepresentation: publicKey.rawRepresentation, algorithm: algorithm) == publicKey)
        #expect(try VerificationKey(jwk: publicKey.jwk) == publicKey)
        #expect(publicKey.jwk.keyID == publicKey.thumbprint)
        #expect(publicKey.jwk.algorithm == algorithm.joseName)
        #expect(try key.jwk.publicKey == publicKey.jwk)
    }

    @Test("Raw public keys have the documented sizes", arguments: [
        (SignatureAlgorithm.es256, 65), (.es384, 97), (.sm2, 65), (.edDSA, 32),
    ])
    func rawSizes(algorithm: SignatureAlgorithm, size: Int) throws {
        let key = try SigningKey(generating: algorithm)
        #expect(key.publicKey.rawRepresentation.count == size)
        #expect(try key.rawRepresentation.count == algorithm.rawSignatureLength / 2)
    }

    @Test("SM2 keys use the SM2 curve OID and the JWK curve name SM2")
    func sm2Encoding() throws {
        let key = try SigningKey(generating: .sm2)
        let sm2CurveOID = Data([0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d])
        #expect(key.publicKey.derRepresentation.range(of: sm2CurveOID) != nil)
        #expect(key.publicKey.jwk.curve == "SM2")
        #expect(key.publicKey.jwk.keyType == "EC")
    }

    @Test("Keys never print their material")
    func printing() throws {
        let key = try SigningKey(generating: .es256)
        let secret = try key.rawRepresentation.base64URLEncodedString()
        var dumped = ""
        dump(try key.jwk, to: &dumped)
        dump(key, to: &dumped)
        for text in [key.description, String(describing: key), "\(key)", try key.jwk.description, String(reflecting: try key.jwk), dumped] {
            #expect(!text.contains(secret))
        }
        let symmetric = try SecretKey(data: Data(repeating: 0xab, count: 32))
        var dumpedSymmetric = ""
        dump(symmetric, to: &dumpedSymmetric)
        #expect(!dumpedSymmetric.contains("171") && !dumpedSymmetric.lowercased().contains("abab"))
        #expect(key.description == "SigningKey(ES256, thumbprint: \(key.publicKey.thumbprint))")
        #expect(try SecretKey().description == "SecretKey(256 bits)")
    }

    @Test("Malformed encodings are refused with invalidKeyEncoding")
    func malformed() throws {
        let key = try SigningKey(generating: .es256)
        let der = try key.pkcs8DERRepresentation
        let cases: [() throws -> Void] = [
            { _ = try SigningKey(pkcs8DERRepresentation: der.dropLast()) },
            { _ = try SigningKey(pkcs8DERRepresentation: der + [0]) },
            { _ = try SigningKey(pkcs8DERRepresentation: Data()) },
            { _ = try SigningKey(pemRepresentation: "not a key") },
            { _ = try SigningKey(pemRepresentation: key.publicKey.pemRepresentation) },
            { _ = try SigningKey(pemRepresentation: "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----") },
            { _ = try VerificationKey(derRepresentation: key.publicKey.derRepresentation + [0]) },
            { _ = try VerificationKey(rawRepresentation: key.publicKey.rawRepresentation.dropFirst(), algorithm: .es256) },
            { _ = try SigningKey(rawRepresentation: Data(count: 31), algorithm: .edDSA) },
            { _ = try VerificationKey(jwk: JSONWebKey(keyType: "EC", curve: "P-256", x: "AA", y: "AA")) },
            { _ = try VerificationKey(jwk: JSONWebKey(keyType: "EC", curve: "P-256", x: "a+b/", y: "AA")) },
        ]
        for attempt in cases {
            #expect(throws: IDCoreError(.invalidKeyEncoding, "")) { try attempt() }
        }
    }

    @Test("A point off the curve is refused, whether or not a key of that curve was imported before",
          arguments: [SignatureAlgorithm.es256, .es384, .sm2])
    func pointOffCurve(algorithm: SignatureAlgorithm) throws {
        let valid = try SigningKey(generating: algorithm).publicKey.rawRepresentation
        var tampered = valid
        tampered[tampered.count - 1] ^= 1
        #expect(throws: IDCoreError.self) { try VerificationKey(rawRepresentation: tampered, algorithm: algorithm) }
        let imported = try VerificationKey(rawRepresentation: valid, algorithm: algorithm)
        #expect(imported.rawRepresentation == valid)
        #expect(throws: IDCoreError.self) { try VerificationKey(rawRepresentation: tampered, algorithm: algorithm) }
        #expect(throws: IDCoreError.self) { try VerificationKey(rawRepresentation: Data([0x04] + [UInt8](repeating: 0, count: valid.count - 1)), algorithm: algorithm) }
        let other = try SigningKey(generating: algorithm)
        let message = Data("imported after the first".utf8)
        #expect(try VerificationKey(rawRepresentation: other.publicKey.rawRepresentation, algorithm: algorithm)
            .isValidSignature(other.signature(for: message), for: message))
    }

    @Test("A private scalar of zero or above the group order is refused", arguments: [
        Data(count: 32), Data(repeating: 0xff, count: 32),
    ])
    func scalarOutOfRange(scalar: Data) {
        #expect(throws: IDCoreError.self) { try SigningKey(rawRepresentation: scalar, algorithm: .es256) }
    }

    @Test("A JWK whose public members belong to another key is refused")
    func mismatchedJWK() throws {
        var jwk = try SigningKey(generating: .es256).jwk
        let other = try SigningKey(generating: .es256).publicKey.jwk
        jwk.x = other.x
        jwk.y = other.y
        #expect(throws: IDCoreError(.invalidKey, "")) { try SigningKey(jwk: jwk) }
    }

    @Test("Unknown curves and contradicting alg members are refused")
    func unsupportedJWK() throws {
        let publicJWK = try SigningKey(generating: .es256).publicKey.jwk
        var wrongCurve = publicJWK
        wrongCurve.curve = "secp256k1"
        #expect(throws: IDCoreError(.unsupportedAlgorithm, "")) { try VerificationKey(jwk: wrongCurve) }
        var wrongAlgorithm = publicJWK
        wrongAlgorithm.algorithm = "ES384"
        #expect(throws: IDCoreError(.algorithmMismatch, "")) { try VerificationKey(jwk: wrongAlgorithm) }
    }

    @Test("A key of the wrong algorithm is refused where a specific one is required")
    func wrongAlgorithm() throws {
        let ed25519 = try SigningKey(generating: .edDSA).publicKey.rawRepresentation
        #expect(throws: IDCoreError.self) { try VerificationKey(rawRepresentation: ed25519, algorithm: .es256) }
    }
}
