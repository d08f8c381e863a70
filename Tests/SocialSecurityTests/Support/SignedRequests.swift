import Foundation
import IDCore
@testable import SocialSecurity

/// Requests made by hand, signed as the protocol says, so that a test can send what no
/// connector would: a changed header, a stale time, a body that is not an envelope.
struct SignedRequests {
    let key: ConnectorSigningKey
    let partner: String
    let path: String
    let clock: @Sendable () -> Date

    func request(body: Data, timestamp: Date? = nil, nonce: String? = nil, extraHeaders: [(String, String)] = []) throws -> ConnectorHTTPRequest {
        let stamp = ChinaTime(timestamp ?? clock()).rfc3339
        let nonce = try nonce ?? SecureRandom().bytes(count: 16).base64URLEncodedString()
        let canonical = try CanonicalMessage.request(.init(path: path, timestamp: stamp, nonce: nonce, partner: partner, keyID: key.keyID, body: body,
                                                           algorithm: key.key.algorithm))
        var headers = try ConnectorHTTPHeaders([
            ("Content-Type", "application/json"), ("X-VIDK-Partner", partner), ("X-VIDK-Key-Id", key.keyID), ("X-VIDK-Timestamp", stamp),
            ("X-VIDK-Nonce", nonce), ("X-VIDK-Signature", try key.key.signature(for: canonical).rawRepresentation.base64URLEncodedString()),
        ])
        for (name, value) in extraHeaders { try headers.add(name, value) }
        return ConnectorHTTPRequest(method: "POST", path: path, headers: headers, body: body)
    }

    /// A signed envelope for `transaction`.
    func envelope(_ transaction: InterfaceTransaction, input: JSONValue, messageID: MessageID, signInNumber: String? = "S1",
                  institution: String? = nil, insuredArea: InsuranceArea? = nil) throws -> Data {
        let request = InterfaceRequest(
            transaction: transaction, messageID: messageID, treatmentArea: try InsuranceArea("440300"), insuredArea: insuredArea, receiverSystem: "HSA",
            signatureType: key.key.algorithm.joseName, signatureKeyID: key.keyID, operatorType: .clerk, operatorCode: "C0012", operatorName: "张敏",
            time: clock(), institution: try InstitutionCode(institution ?? partner), institutionName: "北京大学深圳医院", signInNumber: signInNumber, input: input)
        return Data(request.json.serialized)
    }
}

extension InterfaceResponse {
    /// Reads an answer body.
    init(body: Data) throws {
        try self.init(json: JSONObjectReader(JSONValue(parsing: body)))
    }
}
