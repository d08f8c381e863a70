import CPKCS11
import IDCore

/// How PKCS#11 names a signature algorithm's curve: its `CKA_EC_PARAMS` (the DER of the curve's
/// object identifier), its key-generation mechanism and its signing mechanism.
struct PKCS11Curve {
    let algorithm: SignatureAlgorithm
    let parameters: [UInt8]

    private static let curves: [(SignatureAlgorithm, [UInt8])] = [
        (.es256, [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]),  // prime256v1, 1.2.840.10045.3.1.7
        (.es384, [0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x22]),  // secp384r1, 1.3.132.0.34
        (.edDSA, [0x06, 0x03, 0x2B, 0x65, 0x70]),  // id-Ed25519, 1.3.101.112 (RFC 8410)
    ]

    init(_ algorithm: SignatureAlgorithm) throws {
        guard let entry = Self.curves.first(where: { $0.0 == algorithm }) else {
            throw IDCoreError(.unsupportedAlgorithm, "\(algorithm.joseName) has no standard PKCS#11 mechanism; use ES256, ES384 or EdDSA in a token.")
        }
        self.algorithm = entry.0
        parameters = entry.1
    }

    init(parameters: [UInt8]) throws {
        guard let entry = Self.curves.first(where: { $0.1 == parameters }) else {
            throw IDCoreError(.unsupportedAlgorithm, "The token's key is on a curve this SDK does not sign with.")
        }
        algorithm = entry.0
        self.parameters = parameters
    }

    var keyGeneration: CK_MECHANISM_TYPE { algorithm == .edDSA ? CKM_EC_EDWARDS_KEY_PAIR_GEN : CKM_EC_KEY_PAIR_GEN }

    var signing: CK_MECHANISM_TYPE { algorithm == .edDSA ? CKM_EDDSA : CKM_ECDSA }

    /// The raw public key (`04 || X || Y`, or the 32 Ed25519 bytes) of a `CKA_EC_POINT`, which
    /// PKCS#11 wraps in a DER OCTET STRING (some modules give it bare).
    func rawPublicKey(fromECPoint point: [UInt8]) throws -> [UInt8] {
        let length = algorithm == .edDSA ? 32 : algorithm == .es256 ? 65 : 97
        if point.count == length + 2, point[0] == 0x04, point[1] == UInt8(length) { return Array(point.dropFirst(2)) }
        guard point.count == length else {
            throw IDCoreError(.invalidKeyEncoding, "The token's CKA_EC_POINT is \(point.count) bytes, not a \(algorithm.joseName) public key.")
        }
        return point
    }
}
