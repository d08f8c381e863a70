import IDCore
import SocialSecurity
import Testing

@Suite("ConnectorError")
struct ConnectorErrorTests {
    @Test("A cryptographic failure keeps IDCore's machine code in the reason")
    func wrapsIDCoreError() {
        let error = ConnectorError(IDCoreError(.invalidKey, "bad point"))
        #expect(error.code == .cryptography)
        #expect(error.reason == "invalid-key: bad point")
    }
}
