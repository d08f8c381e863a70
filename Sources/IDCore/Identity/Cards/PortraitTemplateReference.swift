import Foundation

/// The holder's face template as a credential carries it: opaque bytes in the format the face
/// model's `FaceMatch.FaceTemplate` defines, and the id of the model that produced them.
///
/// Biometric data never prints: `description` and `dump` show the model id and the size only.
/// Encoded as `{"model_id": "...", "template": "<base64url>"}`.
public struct PortraitTemplateReference: Sendable, Hashable, Codable, CustomStringConvertible, CustomReflectable {
    /// The face model that produced the template, `arcface-r100-v1` say.
    public let modelID: String
    /// The serialised template.
    public let template: Data

    /// The largest template accepted: a 2048-dimensional float32 embedding with its header
    /// fits comfortably.
    public static let maximumTemplateSize = 16 * 1024

    /// Creates a reference; throws when the model identifier is not 1 to 64 printable ASCII characters or the template is empty or too large.
    public init(modelID: String, template: Data) throws {
        try Self.checkModelID(modelID)
        try Self.checkTemplate(template)
        self.modelID = modelID
        self.template = template
    }

    private static func checkModelID(_ modelID: String) throws {
        guard (1...64).contains(modelID.utf8.count),
              modelID.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7f })
        else {
            throw IDCoreError(.invalidPersonalData, "A face model id is 1 to 64 printable ASCII characters without spaces.")
        }
    }

    private static func checkTemplate(_ template: Data) throws {
        guard (1...Self.maximumTemplateSize).contains(template.count) else {
            throw IDCoreError(.invalidPersonalData, "A face template is 1 to \(Self.maximumTemplateSize) bytes; this one is \(template.count).")
        }
    }

    private static func template(base64URL encoded: String) throws -> Data {
        guard let template = Data(base64URLEncoded: encoded) else {
            throw IDCoreError(.invalidPersonalData, "The face template is not unpadded base64url.")
        }
        return template
    }

    public var description: String { "PortraitTemplateReference(model: \(modelID), \(template.count) bytes)" }

    public var customMirror: Mirror { Mirror(self, children: ["description": description], displayStyle: .struct) }

    private enum CodingKeys: String, CodingKey {
        case modelID = "model_id", template
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let template = try Self.template(base64URL: container.decode(String.self, forKey: .template))
        try self.init(modelID: container.decode(String.self, forKey: .modelID), template: template)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(modelID, forKey: .modelID)
        try container.encode(template.base64URLEncodedString(), forKey: .template)
    }
}

extension PortraitTemplateReference: NestedClaimValue {
    static let memberNames = [CodingKeys.modelID.rawValue, CodingKeys.template.rawValue]

    static func checkMember(_ name: String, of object: JSONObject, userInfo: [CodingUserInfoKey: Any]) throws {
        switch (CodingKeys(rawValue: name), object[name]) {
        case (.modelID, let value?): try checkModelID(value.decoded(as: String.self, userInfo: userInfo))
        case (.template, let value?): try checkTemplate(template(base64URL: value.decoded(as: String.self, userInfo: userInfo)))
        default: break
        }
    }
}
