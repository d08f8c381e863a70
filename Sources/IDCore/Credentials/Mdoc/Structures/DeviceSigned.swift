/// What the holder's device signed for one presentation (ISO/IEC 18013-5 8.3.2.1.2.2): the
/// device-signed elements (`DeviceNameSpacesBytes`, usually an empty map) and `deviceAuth`,
/// a signature or a MAC over `DeviceAuthentication`.
public struct DeviceSigned: Sendable, Hashable {
    /// How the device authenticated the presentation.
    public enum Authentication: Sendable, Hashable {
        /// `deviceSignature`: COSE_Sign1 with the MSO's device key, payload detached.
        case signature(COSESign1)
        /// `deviceMac`: COSE_Mac0 with a key agreed between the device key and the reader's
        /// ephemeral key, payload detached.
        case mac(COSEMac0)
    }

    /// The encoded `DeviceNameSpaces` (inside tag 24), kept exactly: the device's signature
    /// covers them.
    public let nameSpacesBytes: [UInt8]
    /// The signature or MAC over `DeviceAuthentication`.
    public let authentication: Authentication

    /// Device-signed elements and the authentication over them.
    public init(nameSpacesBytes: [UInt8], authentication: Authentication) {
        self.nameSpacesBytes = nameSpacesBytes
        self.authentication = authentication
    }

    /// Reads a DeviceSigned in place.
    init(reading reader: inout CBORReader, depth: Int) throws {
        let structure = MdocStructure("DeviceSigned")
        var nameSpaces: [UInt8]?, authentication: Authentication?
        guard try reader.readMap(depth: depth, { reader, key in
            switch key.textValue {
            case "nameSpaces":
                // Kept as they came, once checked to be one CBOR item: the device signed these bytes.
                nameSpaces = try structure.typed(reader.readEmbedded(depth: depth + 1) { inner, depth in
                    try inner.skip(depth: depth)
                    return Array(inner.bytes)
                }, "nameSpaces", "is not embedded CBOR (tag 24)")
            case "deviceAuth": authentication = try Self.authentication(&reader, depth: depth + 1)
            default: try reader.skip(depth: depth + 1)
            }
        }) else { throw structure.notAMap }
        nameSpacesBytes = try structure.required(nameSpaces, "nameSpaces")
        self.authentication = try structure.required(authentication, "deviceAuth")
    }

    private static func authentication(_ reader: inout CBORReader, depth: Int) throws -> Authentication {
        var found: [Authentication] = []
        guard try reader.readMap(depth: depth, { reader, key in
            switch key.textValue {
            case "deviceSignature": found.append(.signature(try COSESign1(reading: &reader, depth: depth + 1)))
            case "deviceMac": found.append(.mac(try COSEMac0(reading: &reader, depth: depth + 1)))
            default: try reader.skip(depth: depth + 1)
            }
        }) else { throw MdocStructure("DeviceSigned.deviceAuth").notAMap }
        guard found.count == 1, let authentication = found.first else {
            throw IDCoreError(.malformedMdoc, "DeviceSigned.deviceAuth holds exactly one of deviceSignature and deviceMac.")
        }
        return authentication
    }

    var cborValue: CBORValue {
        let auth: CBORMap.Entry = switch authentication {
        case .signature(let signature): .init(key: "deviceSignature", value: signature.cborValue(tagged: false))
        case .mac(let mac): .init(key: "deviceMac", value: mac.cborValue(tagged: false))
        }
        return .map(CBORMap(checked: [.init(key: "nameSpaces", value: .embedded(encoded: nameSpacesBytes)),
                                      .init(key: "deviceAuth", value: .map(CBORMap(checked: [auth])))]))
    }

    /// `EMacKey` (9.1.3.5): HKDF-SHA-256 of the ECDH secret of the device key and the reader's
    /// ephemeral key, salted with the SHA-256 of `SessionTranscriptBytes`, info `EMacKey`, 32
    /// bytes. The device derives it with its private key, the reader with its own.
    public static func macKey(agreeing privateKey: SigningKey, with peer: VerificationKey, sessionTranscript: CBORValue) throws -> [UInt8] {
        let transcriptBytes = CBOREncoder.encodeEmbedded(CBOREncoder.encode(sessionTranscript, mapOrder: .asGiven))
        let key = try privateKey.sharedSecret(with: peer).hkdfDerivedKey(using: .sha256, salt: HashFunction.sha256.hash(transcriptBytes),
                                                                          info: Array("EMacKey".utf8), outputByteCount: 32)
        return Array(key)
    }

    /// `DeviceAuthenticationBytes` (9.1.3.4): tag 24 around
    /// `["DeviceAuthentication", SessionTranscript, DocType, DeviceNameSpacesBytes]`, what the
    /// device signs or MACs.
    public static func authenticationBytes(sessionTranscript: CBORValue, docType: String, nameSpacesBytes: [UInt8]) -> [UInt8] {
        let authentication: CBORValue = .array(["DeviceAuthentication", sessionTranscript, .text(docType), .embedded(encoded: nameSpacesBytes)])
        return CBOREncoder.encodeEmbedded(CBOREncoder.encode(authentication, mapOrder: .asGiven))
    }
}
