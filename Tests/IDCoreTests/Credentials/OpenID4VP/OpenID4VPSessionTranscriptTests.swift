import Foundation
import IDCore
import Testing

/// OpenID4VP 1.0 appendix B.2.6: the session transcripts of an mdoc presentation, checked
/// against the specification's published examples byte for byte.
@Suite("OpenID4VP session transcripts: the specification's examples byte for byte")
struct OpenID4VPSessionTranscriptTests {
    /// The verifier's encryption key of the examples (its point: the RFC 7638 thumbprint covers
    /// `kty`, `crv`, `x` and `y` only, not the example's `use`, `alg` and `kid`).
    static func exampleKey() throws -> VerificationKey {
        let jwk = #"{"kty":"EC","crv":"P-256","x":"DxiH5Q4Yx3UrukE2lWCErq8N8bqC9CHLLrAwLz5BmE0","y":"XtLM4-3h5o3HUH0MHVJV0kyq0iBlrBwlh8qEDMZ4-Pc"}"#
        return try VerificationKey(jwk: JSONDecoder().decode(JSONWebKey.self, from: Data(jwk.utf8)))
    }

    static let nonce = "exc7gBkxjx1rdc9udRrveKvSsJIq80avlXeLHhGwqtA"

    @Test("Redirects: OpenID4VPHandover over the client id, nonce, key thumbprint and response URI")
    func redirect() throws {
        let key = try Self.exampleKey()
        #expect(Base64URL.decode(key.thumbprint) == Data(hex: "4283ec927ae0f208daaa2d026a814f2b22dca52cf85ffa8f3f8626c6bd669047"))
        let transcript = try OpenID4VPSessionTranscript.redirect(clientID: "x509_san_dns:example.com", nonce: Self.nonce, encryptionKey: key,
                                                                 responseURI: "https://example.com/response")
        #expect(Data(CBOREncoder.encode(transcript)) == Data(hex: """
            83f6f682714f70656e494434565048616e646f7665725820048bc053c00442af9b8e
            ed494cefdd9d95240d254b046b11b68013722aad38ac
            """))
        let unencrypted = try OpenID4VPSessionTranscript.redirect(clientID: "x509_san_dns:example.com", nonce: Self.nonce, encryptionKey: nil,
                                                                  responseURI: "https://example.com/response")
        #expect(unencrypted != transcript)
    }

    @Test("The Digital Credentials API: OpenID4VPDCAPIHandover over the origin, nonce and key thumbprint")
    func digitalCredentialsAPI() throws {
        let transcript = try OpenID4VPSessionTranscript.digitalCredentialsAPI(origin: "https://example.com", nonce: Self.nonce, encryptionKey: try Self.exampleKey())
        #expect(Data(CBOREncoder.encode(transcript)) == Data(hex: """
            83f6f682764f70656e4944345650444341504948616e646f7665725820fbece366f4
            212f9762c74cfdbf83b8c69e371d5d68cea09cb4c48ca6daab761a
            """))
    }

    @Test("An mdoc presented under one request's transcript verifies under it and under no other")
    func bindsThePresentation() async throws {
        let fixture = try MdocFixture()
        let transcript = try OpenID4VPSessionTranscript.redirect(clientID: "x509_san_dns:desk.example", nonce: "n-1", encryptionKey: nil,
                                                                 responseURI: "https://desk.example/response")
        let response = try fixture.response(transcript: transcript).encoded()
        let verifier = try fixture.verifier()
        #expect(await verifier.verify(response, for: MdocRequest(docType: MdocFixture.docType, requiredElements: [:], sessionTranscript: transcript)).isAccepted)
        for other in [try OpenID4VPSessionTranscript.redirect(clientID: "redirect_uri:https://desk.example/response", nonce: "n-1", encryptionKey: nil,
                                                              responseURI: "https://desk.example/response"),
                      try OpenID4VPSessionTranscript.redirect(clientID: "x509_san_dns:desk.example", nonce: "n-2", encryptionKey: nil,
                                                              responseURI: "https://desk.example/response")] {
            let refused = await verifier.verify(response, for: MdocRequest(docType: MdocFixture.docType, requiredElements: [:], sessionTranscript: other))
            #expect(refused.failureReasons.map(\.code) == [.deviceAuthenticationInvalid])
        }
    }
}
