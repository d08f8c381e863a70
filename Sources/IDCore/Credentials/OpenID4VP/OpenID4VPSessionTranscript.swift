import Foundation

/// The ISO/IEC 18013-5 `SessionTranscript` of an mdoc presented over OpenID4VP 1.0 (appendix
/// B.2.6): what the device signs, binding its presentation to one request.
///
/// Both forms are `[null, null, Handover]` (no device engagement, no reader key), the handover
/// carrying the SHA-256 of the CBOR array of the request's parameters: the client identifier (with
/// its prefix), the nonce, the JWK SHA-256 thumbprint (RFC 7638) of the verifier's encryption key
/// when the response is encrypted (`null` when it is not), and the response or redirect URI; over
/// the Digital Credentials API, the origin, the nonce and the thumbprint.
///
/// ```swift
/// let transcript = try OpenID4VPSessionTranscript.redirect(clientID: "x509_san_dns:desk.example", nonce: nonce,
///                                                           encryptionKey: verifierKey, responseURI: "https://desk.example/response")
/// let outcome = await verifier.verify(deviceResponse, for: MdocRequest(docType: docType, sessionTranscript: transcript))
/// ```
public enum OpenID4VPSessionTranscript {
    /// The transcript of a request invoked through redirects (`OpenID4VPHandover`).
    public static func redirect(clientID: String, nonce: String, encryptionKey: VerificationKey?, responseURI: String) throws -> CBORValue {
        try transcript("OpenID4VPHandover", [.text(clientID), .text(nonce), try thumbprint(of: encryptionKey), .text(responseURI)])
    }

    /// The transcript of a request made through the Digital Credentials API
    /// (`OpenID4VPDCAPIHandover`), for the request's origin without the `origin:` prefix.
    public static func digitalCredentialsAPI(origin: String, nonce: String, encryptionKey: VerificationKey?) throws -> CBORValue {
        try transcript("OpenID4VPDCAPIHandover", [.text(origin), .text(nonce), try thumbprint(of: encryptionKey)])
    }

    private static func transcript(_ handover: String, _ information: [CBORValue]) throws -> CBORValue {
        let hash = try HashFunction.sha256.hash(CBOREncoder.encode(.array(information)))
        return [.null, .null, [.text(handover), .bytes(Array(hash))]]
    }

    /// The key's RFC 7638 thumbprint as bytes, or `null` without a key.
    private static func thumbprint(of key: VerificationKey?) throws -> CBORValue {
        guard let key else { return .null }
        guard let bytes = Base64URL.decode(key.thumbprint) else { throw IDCoreError(.cryptographicFailure, "The key's thumbprint is not base64url.") }
        return .bytes(Array(bytes))
    }
}
