import Foundation
@testable import IDCore
import Testing

@Suite("OpenSSL error queue hygiene")
struct OpenSSLErrorQueueTests {
    @Test("Failures leave nothing behind in OpenSSL's error queue and carry OpenSSL's reason")
    func queueIsDrained() throws {
        OpenSSLErrorQueue.drain()
        let error = try #require(throws: IDCoreError.self) { try SigningKey(pkcs8DERRepresentation: Data([0x30, 0x03, 0x02, 0x01, 0x00])) }
        #expect(error.code == .invalidKeyEncoding)
        #expect(OpenSSLErrorQueue.drain() == nil)

        #expect(throws: IDCoreError.self) { try SigningKey(rawRepresentation: Data(count: 32), algorithm: .sm2) }
        #expect(OpenSSLErrorQueue.drain() == nil)

        let key = try SigningKey(generating: .es256)
        let forged = try Signature(rawRepresentation: Data(repeating: 0xff, count: 64), algorithm: .es256)
        #expect(!key.publicKey.isValidSignature(forged, for: Data()))
        #expect(OpenSSLErrorQueue.drain() == nil)

        #expect(throws: IDCoreError.self) { try AESGCM.decrypt(Data(count: 32), using: SecretKey(), nonce: Data(count: 12)) }
        #expect(OpenSSLErrorQueue.drain() == nil)
    }

    @Test("A failed call does not make the next, valid one fail")
    func noLeakIntoNextCall() throws {
        _ = try? VerificationKey(derRepresentation: Data([0x30, 0x00]))
        let key = try SigningKey(generating: .edDSA)
        #expect(key.publicKey.isValidSignature(try key.signature(for: Data("next".utf8)), for: Data("next".utf8)))
    }
}
