import Foundation

/// JSON for identity documents: stable sorted keys out, and every failure in as an
/// `IDCoreError`, whether the JSON is malformed, a field is missing, or a value is invalid.
enum PersonalDataJSON {
    static func decode<Document: Decodable>(_ type: Document.Type, from data: Data) throws -> Document {
        do {
            let value: JSONValue
            do {
                value = try JSONValue(parsing: data)
            } catch let error as IDCoreError {
                throw IDCoreError(.invalidPersonalData, "\(Document.self) JSON could not be read: \(error.reason)")
            }
            return try value.decoded(as: type)
        } catch let error as IDCoreError {
            throw error
        } catch let DecodingError.keyNotFound(key, context) {
            throw IDCoreError(.invalidPersonalData, "\(Document.self) JSON lacks '\(path(context.codingPath + [key]))'.")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw IDCoreError(.invalidPersonalData, "\(Document.self) JSON has a wrong or null value at '\(path(context.codingPath))'.")
        } catch {
            throw IDCoreError(.invalidPersonalData, "\(Document.self) JSON could not be read: it is not well-formed JSON of the documented shape.")
        }
    }

    static func encode(_ document: some Encodable) throws -> Data {
        Data(try JSONValue(encoding: document).serialized)
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}

/// A document with a JSON form whose decoding errors are all `IDCoreError`s: the card models.
public protocol PersonalDataDocument: Codable {}

extension PersonalDataDocument {
    /// Reads the document from its JSON form; every failure is an `IDCoreError`.
    public init(jsonData: Data) throws {
        self = try PersonalDataJSON.decode(Self.self, from: jsonData)
    }

    /// The JSON form with sorted keys.
    public func jsonData() throws -> Data {
        try PersonalDataJSON.encode(self)
    }
}
