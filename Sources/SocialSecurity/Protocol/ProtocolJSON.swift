import Foundation
import IDCore

/// JSON bodies of the protocol: compact with sorted member names out, strictly parsed in
/// (duplicate member names and trailing data are refused), through IDCore's own JSON codec and
/// each message's own member mapping (``ConnectorMessage``).
package enum ProtocolJSON {
    package static func encode(_ message: some ConnectorMessage) throws -> Data {
        Data(try message.json.serialized)
    }

    /// Decodes a body, leaving the parser's or the message's own error as it is.
    package static func decode<Message: ConnectorMessage>(_ type: Message.Type, from data: Data) throws -> Message {
        try Message(json: JSONObjectReader(JSONValue(parsing: data)))
    }

    /// Decodes a partner's request body: anything that does not decode is a malformed request.
    static func decodeRequest<Message: ConnectorMessage>(_ type: Message.Type, from data: Data) throws -> Message {
        do {
            return try decode(type, from: data)
        } catch let error as ConnectorError {
            throw error
        } catch {
            throw ConnectorError(.malformedRequest, "The body is not a valid \(type) JSON object: \(error)")
        }
    }

    /// The error body of the catalogue: `{"error": {"code", "message", "retryable"}}`.
    struct ErrorBody: ConnectorMessage, Equatable {
        struct Detail: ConnectorMessage, Equatable {
            let code: String
            let message: String
            let retryable: Bool

            init(code: String, message: String, retryable: Bool) {
                self.code = code
                self.message = message
                self.retryable = retryable
            }

            package init(json: JSONObjectReader) throws {
                try self.init(code: json.string("code"), message: json.string("message"), retryable: json.bool("retryable"))
            }

            package var json: JSONValue { .object(["code": .string(code), "message": .string(message), "retryable": .bool(retryable)]) }
        }

        let error: Detail

        init(_ error: ConnectorError) {
            self.error = Detail(code: error.code.rawValue, message: error.reason, retryable: error.code.isRetryable)
        }

        package init(json: JSONObjectReader) throws {
            error = try json.object("error", Detail.init(json:))
        }

        package var json: JSONValue { .object(["error": error.json]) }
    }
}
