import Foundation
import IDCore

/// JSON bodies of the protocol: compact with sorted member names out, strictly parsed in
/// (duplicate member names and trailing data are refused), through IDCore's own JSON codec,
/// which costs a fraction of `JSONEncoder`/`JSONDecoder` on every signed message.
enum ProtocolJSON {
    static func encode(_ value: some Encodable) throws -> Data {
        Data(try JSONValue.serialized(encoding: value))
    }

    /// Decodes a body, leaving the parser's or the type's own error as it is.
    static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> Value {
        try JSONValue(parsing: data).decoded(as: type)
    }

    /// Decodes a partner's request body: anything that does not decode is a malformed request.
    static func decodeRequest<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> Value {
        do {
            return try decode(type, from: data)
        } catch let error as ConnectorError {
            throw error
        } catch {
            throw ConnectorError(.malformedRequest, "The body is not a valid \(type) JSON object: \(error)")
        }
    }

    /// The error body of the catalogue: `{"error": {"code", "message", "retryable"}}`.
    struct ErrorBody: Codable, Equatable {
        struct Detail: Codable, Equatable {
            let code: String
            let message: String
            let retryable: Bool
        }

        let error: Detail

        init(_ error: ConnectorError) {
            self.error = Detail(code: error.code.rawValue, message: error.reason, retryable: error.code.isRetryable)
        }
    }
}
