import Foundation
@testable import IDCore
import Testing

@Suite("The trust-list file: JWKS per issuer with validity windows and status list locations")
struct TrustListFileTests {
    @Test("An authority's published file is read back into the same trust; its kid and window are kept")
    func roundTrip() throws {
        let current = try SigningKey(generating: .es256)
        let next = try SigningKey(generating: .sm2)
        let rotation = Date(timeIntervalSince1970: 1_798_761_600)
        let list = TrustList([
            TrustedIssuerKey(issuer: "https://id.gz.gov.cn", key: current.publicKey, keyID: "ctid-2026-01", validUntil: rotation),
            TrustedIssuerKey(issuer: "https://id.gz.gov.cn", key: next.publicKey, keyID: "ctid-2027-01", validFrom: rotation),
            TrustedIssuerKey(issuer: "https://id.mps.gov.cn", key: try SigningKey(generating: .edDSA).publicKey),
        ], statusListLocations: ["https://id.gz.gov.cn": ["https://status.gz.gov.cn/lists/"]])
        let file = try list.publishedJSON()
        let read = try TrustList(publishedJSON: file)
        #expect(try read.publishedJSON() == file)
        guard case .success(let key) = read.key(issuer: "https://id.gz.gov.cn", keyID: "ctid-2026-01", algorithm: .es256, issuedAt: rotation.addingTimeInterval(-1)) else {
            Issue.record("ctid-2026-01 not trusted before the rotation"); return
        }
        #expect(key.key == current.publicKey)
        guard case .failure = read.key(issuer: "https://id.gz.gov.cn", keyID: "ctid-2026-01", algorithm: .es256, issuedAt: rotation.addingTimeInterval(1)) else {
            Issue.record("ctid-2026-01 trusted after the rotation"); return
        }
        #expect(read.allowsStatusList(at: "https://status.gz.gov.cn/lists/7", for: "https://id.gz.gov.cn"))
        #expect(!read.allowsStatusList(at: "https://id.gz.gov.cn/status/7", for: "https://id.gz.gov.cn"))
        #expect(read.allowsStatusList(at: "https://id.mps.gov.cn/status/1", for: "https://id.mps.gov.cn"))
        #expect(!String(decoding: file, as: UTF8.self).contains("\"d\""))
    }

    @Test("A hand-written file with the authority's kid verifies its credentials")
    func handWritten() async throws {
        let fixture = try CredentialFixture()
        var jwk = fixture.issuerKey.publicKey.jwk
        jwk.keyID = "ctid-2026-01"
        let key = String(decoding: try JSONEncoder().encode(jwk), as: UTF8.self).dropLast()
        let file = """
        {"version": 1, "issuers": [{"iss": "\(CredentialFixture.issuerID)", "jwks": {"keys": [\(key), "valid_from": 1700000000, "future_member": true}]}}]}
        """
        let trustList = try TrustList(publishedJSON: Array(file.utf8))
        let issuer = CredentialIssuer(identifier: CredentialFixture.issuerID, signingKey: fixture.issuerKey, keyID: "ctid-2026-01", clock: fixture.clock.closure)
        let credential = try issuer.issue(fixture.card, holderKey: fixture.walletKey.publicKey, expiresAt: fixture.clock.now.addingTimeInterval(3600))
        #expect(await fixture.verifier(trustList: trustList).verify(try fixture.present(credential)).isAccepted)
    }

    @Test("Malformed files are refused with the issuer and key named", arguments: [
        (#"{"issuers": {}}"#, "'issuers' is an array"),
        (#"{"issuers": [{"iss": "https://a.example"}]}"#, "'jwks' with 'keys'"),
        (#"{"issuers": [{"iss": "https://a.example", "jwks": {"keys": [{"kty": "EC"}]}}]}"#, "key 1 of 'https://a.example'"),
        (#"{"issuers": [{"iss": "https://a.example", "jwks": {"keys": []}}, {"iss": "https://a.example", "jwks": {"keys": []}}]}"#, "appears twice"),
        (#"{"issuers": [{"iss": "https://a.example", "status_list_locations": [""], "jwks": {"keys": []}}]}"#, "non-empty strings"),
    ])
    func malformed(file: String, reason: String) {
        let error = #expect(throws: IDCoreError.self) { try TrustList(publishedJSON: Array(file.utf8)) }
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
    }

    @Test("A private key, an alg the key cannot sign with, a repeated kid and a reversed window are refused")
    func unsafeKeys() throws {
        let key = try SigningKey(generating: .es256)
        func file(_ members: String, private usePrivate: Bool = false, twice: Bool = false) throws -> [UInt8] {
            var written = usePrivate ? try key.jwk : key.publicKey.jwk
            written.algorithm = nil
            let jwk = String(decoding: try JSONEncoder().encode(written), as: UTF8.self).dropLast() + members + "}"
            return Array(#"{"issuers": [{"iss": "https://a.example", "jwks": {"keys": [\#(jwk)\#(twice ? "," + jwk : "")]}}]}"#.utf8)
        }
        for (bytes, reason) in [(try file("", private: true), "private key"), (try file(#", "alg": "EdDSA""#), "alg 'EdDSA'"),
                                (try file("", twice: true), "one 'kid' twice"), (try file(#", "valid_from": 20, "valid_until": 10"#), "valid until before"),
                                (try file(#", "valid_from": "soon""#), "not a NumericDate")] {
            let error = #expect(throws: IDCoreError.self) { try TrustList(publishedJSON: bytes) }
            #expect(error?.reason.contains(reason) == true, "\(reason): \(String(describing: error))")
        }
    }
}
