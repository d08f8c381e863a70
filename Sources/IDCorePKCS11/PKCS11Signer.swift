import CPKCS11
import Foundation
import IDCore

/// A signing key that never leaves a PKCS#11 token: the SDK hands the token what to sign and
/// gets the signature back. A `MessageSigner`, so it signs credentials, status lists and
/// connector messages wherever a ``SigningKey`` does.
///
/// ```swift
/// let module = try PKCS11Module(path: "/usr/lib/softhsm/libsofthsm2.so")
/// let token = try PKCS11Token(module: module, label: "ctid-issuer", pin: pin)
/// let signer = try token.signer(label: "ctid-2026-01")
/// let issuer = CredentialIssuer(identifier: "https://id.gz.gov.cn", signingKey: signer)
/// ```
///
/// ECDSA signs the digest the SDK computes (`CKM_ECDSA`, SHA-256 for ES256, SHA-384 for ES384)
/// and returns `r || s`, JOSE's form; EdDSA signs the whole message (`CKM_EDDSA`).
public struct PKCS11Signer: MessageSigner, CustomStringConvertible {
    /// The algorithm the token's key signs with.
    public let algorithm: SignatureAlgorithm
    /// The public half, read from the token.
    public let publicKey: VerificationKey
    private let token: PKCS11Token
    private let privateKey: CK_OBJECT_HANDLE

    init(token: PKCS11Token, privateKey: CK_OBJECT_HANDLE, algorithm: SignatureAlgorithm, publicKey: VerificationKey) {
        self.token = token
        self.privateKey = privateKey
        self.algorithm = algorithm
        self.publicKey = publicKey
    }

    public func signature(forBytes message: UnsafeRawBufferPointer) throws -> Signature {
        var input: [UInt8] = switch algorithm {
        case .es256: Array(try HashFunction.sha256.hash(message))
        case .es384: Array(try HashFunction.sha384.hash(message))
        default: Array(message)
        }
        let mechanism = try PKCS11Curve(algorithm).signing
        let signed = try token.withSession { session, functions in
            var parameters = CK_MECHANISM(mechanism: mechanism, pParameter: nil, ulParameterLen: 0)
            try checked(required(functions.C_SignInit, "C_SignInit")(session, &parameters, privateKey), "C_SignInit")
            var length: CK_ULONG = 128
            var output = [UInt8](repeating: 0, count: Int(length))
            try checked(required(functions.C_Sign, "C_Sign")(session, &input, CK_ULONG(input.count), &output, &length), "C_Sign")
            return Array(output.prefix(Int(length)))
        }
        return try Signature(rawRepresentation: signed, algorithm: algorithm)
    }

    /// Whether the token keeps the private key from being read: sensitive and not extractable,
    /// as ``PKCS11Token/generateSigner(_:label:)`` makes it. A key imported otherwise may not be.
    public var privateKeyIsProtected: Bool {
        get throws {
            try token.withSession { session, functions in
                let sensitive = try token.attribute(CKA_SENSITIVE, of: privateKey, session: session, functions: functions)
                let extractable = try token.attribute(CKA_EXTRACTABLE, of: privateKey, session: session, functions: functions)
                return sensitive == [1] && extractable == [0]
            }
        }
    }

    /// Tries to read the private value; the token refuses (`CKR_ATTRIBUTE_SENSITIVE`) for a
    /// protected key. For tests of that promise.
    func readPrivateValue() throws -> [UInt8] {
        try token.withSession { session, functions in try token.attribute(CKA_VALUE, of: privateKey, session: session, functions: functions) }
    }

    public var description: String { "PKCS11Signer(\(algorithm.joseName), token: \(token.label), thumbprint: \(publicKey.thumbprint))" }
}
