import Foundation

/// JSON bodies of the protocol: sorted keys out, typed errors in.
enum ProtocolJSON {
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as ConnectorError {
            throw error
        } catch {
            throw ConnectorError(.malformedRequest, "The body is not a valid \(type) JSON object: \(error)")
        }
    }

    /// The error body of the catalogue: `{"error": {"code", "message", "retryable"}}`.
    struct ErrorBody: Codable {
        struct Detail: Codable {
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
