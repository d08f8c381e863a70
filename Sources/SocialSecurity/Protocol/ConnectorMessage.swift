import IDCore

/// A body of the connector protocol, mapped to its JSON members by hand.
///
/// Every round trip encodes and decodes two bodies between four signature operations. Through
/// `Codable`'s generic, existential containers that work cost a quarter of an ES256 round trip,
/// mostly in code and metadata that the signatures had pushed out of the caches; read from and
/// written to ``JSONValue`` directly it costs a fraction (Documentation/Performance.md).
///
/// The mapping is a message's only wire form: its `Codable` conformance goes through it too,
/// so a journal file written with `JSONEncoder` holds the same members as the wire.
package protocol ConnectorMessage: Codable {
    /// Reads the message from its JSON object.
    init(json: JSONObjectReader) throws
    /// The message as a JSON object.
    var json: JSONValue { get throws }
}

extension ConnectorMessage {
    public init(from decoder: any Decoder) throws {
        try self.init(json: JSONObjectReader(JSONValue(from: decoder), codingPath: decoder.codingPath))
    }

    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}
