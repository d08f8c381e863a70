import Foundation
import IDCore

/// The OpenSSL work that no verifier of a given DeviceResponse can skip, done with the SDK's own
/// primitives and nothing else: the device key read from the raw point its COSE_Key holds, both
/// signatures checked over the response's own `Sig_structure`s (the issuer's with its trusted
/// key), and the digest of every presented element.
///
/// Timed beside the raw verifications, it shows how much of the target's allowance is left for
/// everything else a verifier does: reading the response, the MSO and the items, the checks of
/// 18013-5 and the policies.
struct MdocVerificationFloor {
    private let issuerKey: VerificationKey
    private let issuerSigned: (input: [UInt8], signature: Signature)
    private let deviceKey: (raw: Data, algorithm: SignatureAlgorithm)
    private let deviceSigned: (input: [UInt8], signature: Signature)
    private let digestAlgorithm: HashFunction
    private let items: [[UInt8]]

    init(response bytes: [UInt8], request: MdocRequest, issuerKey: VerificationKey) throws {
        guard let document = try DeviceResponse(encoded: bytes).documents.first, case .signature(let deviceSignature) = document.deviceSigned.authentication,
              let payload = document.issuerSigned.issuerAuth.payload else {
            throw BenchmarkError("the benchmark response has no signed document")
        }
        let mso = try document.issuerSigned.unverifiedMobileSecurityObject()
        guard let key = mso.deviceKey.publicKey else { throw BenchmarkError("the device key is not a signature key") }
        let algorithm = issuerKey.algorithm
        self.issuerKey = issuerKey
        issuerSigned = (Self.signatureInput(document.issuerSigned.issuerAuth.protectedHeaderBytes, payload),
                        try Signature(rawRepresentation: document.issuerSigned.issuerAuth.signature, algorithm: algorithm))
        deviceKey = (key.rawRepresentation, key.algorithm)
        let authentication = DeviceSigned.authenticationBytes(sessionTranscript: request.sessionTranscript, docType: document.docType,
                                                              nameSpacesBytes: document.deviceSigned.nameSpacesBytes)
        deviceSigned = (Self.signatureInput(deviceSignature.protectedHeaderBytes, authentication),
                        try Signature(rawRepresentation: deviceSignature.signature, algorithm: key.algorithm))
        digestAlgorithm = mso.digestAlgorithm
        items = document.issuerSigned.nameSpaces.flatMap { $0.items.map(\.taggedBytes) }
    }

    /// Does the work once; false if a signature does not verify.
    func run() throws -> Bool {
        let device = try VerificationKey(rawRepresentation: deviceKey.raw, algorithm: deviceKey.algorithm)
        for item in items { _ = try digestAlgorithm.hash(item) }
        return issuerKey.isValidSignature(issuerSigned.signature, for: issuerSigned.input)
            && device.isValidSignature(deviceSigned.signature, for: deviceSigned.input)
    }

    /// RFC 9052's `Sig_structure` for COSE_Sign1 without external data.
    private static func signatureInput(_ protectedHeader: [UInt8], _ payload: [UInt8]) -> [UInt8] {
        CBOREncoder.encode(.array(["Signature1", .bytes(protectedHeader), .bytes([]), .bytes(payload)]))
    }
}
