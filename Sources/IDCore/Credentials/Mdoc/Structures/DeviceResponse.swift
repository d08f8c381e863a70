/// A DeviceResponse (ISO/IEC 18013-5 8.3.2.1.2.2): the documents a holder presents, the
/// documents it could not (`documentErrors`), and a status.
public struct DeviceResponse: Sendable, Hashable {
    /// One presented document.
    public struct Document: Sendable, Hashable {
        /// The document type.
        public let docType: String
        /// The issuer-signed elements and MSO.
        public let issuerSigned: IssuerSigned
        /// The device's authentication of this presentation.
        public let deviceSigned: DeviceSigned
        /// Elements the holder was asked for but did not return, with their error codes:
        /// namespace, then element identifier.
        public let errors: [String: [String: Int64]]

        /// A document to present.
        public init(docType: String, issuerSigned: IssuerSigned, deviceSigned: DeviceSigned, errors: [String: [String: Int64]] = [:]) {
            self.docType = docType
            self.issuerSigned = issuerSigned
            self.deviceSigned = deviceSigned
            self.errors = errors
        }

        /// Reads a Document in place.
        init(reading reader: inout CBORReader, depth: Int) throws {
            let structure = MdocStructure("Document")
            var docType: String?, issuerSigned: IssuerSigned?, deviceSigned: DeviceSigned?, errors: [String: [String: Int64]] = [:]
            guard try reader.readMap(depth: depth, { reader, key in
                switch key.textValue {
                case "docType": docType = try reader.text("docType", of: structure, depth: depth + 1)
                case "issuerSigned": issuerSigned = try IssuerSigned(reading: &reader, depth: depth + 1)
                case "deviceSigned": deviceSigned = try DeviceSigned(reading: &reader, depth: depth + 1)
                case "errors": errors = try Self.elementErrors(reader.readValue(depth: depth + 1))
                default: try reader.skip(depth: depth + 1)
                }
            }) else { throw structure.notAMap }
            self.docType = try structure.required(docType, "docType")
            self.issuerSigned = try structure.required(issuerSigned, "issuerSigned")
            self.deviceSigned = try structure.required(deviceSigned, "deviceSigned")
            self.errors = errors
        }

        /// `errors`: namespaces to element identifiers to error codes.
        private static func elementErrors(_ value: CBORValue) throws -> [String: [String: Int64]] {
            guard let map = value.mapValue else { throw IDCoreError(.malformedMdoc, "Document.errors maps namespaces to element errors.") }
            var errors: [String: [String: Int64]] = [:]
            for entry in map {
                guard let namespace = entry.key.textValue, let elements = entry.value.mapValue else {
                    throw IDCoreError(.malformedMdoc, "Document.errors maps namespaces to element errors.")
                }
                for element in elements {
                    guard let name = element.key.textValue, let code = element.value.int64Value else {
                        throw IDCoreError(.malformedMdoc, "Document.errors.\(namespace) maps element identifiers to error codes.")
                    }
                    errors[namespace, default: [:]][name] = code
                }
            }
            return errors
        }
    }

    /// `status` 0: OK.
    public static let statusOK: UInt64 = 0

    /// The version, `1.0`.
    public let version: String
    /// The presented documents.
    public let documents: [Document]
    /// Document types the holder could not return, with their error codes.
    public let documentErrors: [String: Int64]
    /// 0 OK, 10 general error, 11 CBOR decoding error, 12 CBOR validation error.
    public let status: UInt64

    /// A response of these documents.
    public init(documents: [Document], documentErrors: [String: Int64] = [:], status: UInt64 = statusOK) {
        version = "1.0"
        self.documents = documents
        self.documentErrors = documentErrors
        self.status = status
    }

    /// Reads an encoded DeviceResponse, within the decoder's limits; throws `malformed-cbor`
    /// for bytes that are not CBOR and `malformed-mdoc` for a structure that is not a
    /// DeviceResponse.
    public init(encoded bytes: some Collection<UInt8>, decoder: CBORDecoder = CBORDecoder()) throws {
        self = try decoder.read(bytes) { try DeviceResponse(reading: &$0) }
    }

    /// Reads the response member by member, nothing built but what the types above hold.
    private init(reading reader: inout CBORReader) throws {
        let structure = MdocStructure("DeviceResponse")
        var version: String?, documents: [Document] = [], documentErrors: [String: Int64] = [:], status: UInt64?
        guard try reader.readMap(depth: 0, { reader, key in
            switch key.textValue {
            case "version": version = try reader.text("version", of: structure, depth: 1)
            case "documents":
                guard try reader.readArray(depth: 1, { documents.append(try Document(reading: &$0, depth: 2)) }) else {
                    throw structure.error("documents", "is not an array")
                }
            case "documentErrors":
                guard try reader.readArray(depth: 1, { try Self.documentError($0.readValue(depth: 2), into: &documentErrors) }) else {
                    throw structure.error("documentErrors", "is not an array")
                }
            case "status": status = try reader.unsigned("status", of: structure, depth: 1)
            default: try reader.skip(depth: 1)
            }
        }) else { throw structure.notAMap }
        self.version = try structure.required(version, "version")
        guard self.version == "1.0" else { throw IDCoreError(.malformedMdoc, "DeviceResponse version \(self.version) is not 1.0.") }
        self.status = try structure.required(status, "status")
        self.documents = documents
        self.documentErrors = documentErrors
    }

    /// One DocumentError: a document type mapped to an error code.
    private static func documentError(_ value: CBORValue, into errors: inout [String: Int64]) throws {
        guard let map = value.mapValue else { throw IDCoreError(.malformedMdoc, "A DocumentError maps a document type to an error code.") }
        for entry in map {
            guard let docType = entry.key.textValue, let code = entry.value.int64Value else {
                throw IDCoreError(.malformedMdoc, "A DocumentError maps a document type to an error code.")
            }
            errors[docType] = code
        }
    }

    /// The response encoded for sending.
    public func encoded() -> [UInt8] {
        var members: [CBORMap.Entry] = [.init(key: "version", value: .text(version))]
        if !documents.isEmpty {
            members.append(.init(key: "documents", value: .array(documents.map { document in
                var entries: [CBORMap.Entry] = [.init(key: "docType", value: .text(document.docType)),
                                                .init(key: "issuerSigned", value: document.issuerSigned.cborValue),
                                                .init(key: "deviceSigned", value: document.deviceSigned.cborValue)]
                if !document.errors.isEmpty {
                    entries.append(.init(key: "errors", value: .map(CBORMap(checked: document.errors.keys.sorted().map { namespace in
                        CBORMap.Entry(key: .text(namespace), value: .map(CBORMap(checked: (document.errors[namespace] ?? [:]).sorted { $0.key < $1.key }.map {
                            CBORMap.Entry(key: .text($0.key), value: .integer($0.value))
                        })))
                    }))))
                }
                return .map(CBORMap(checked: entries))
            })))
        }
        if !documentErrors.isEmpty {
            members.append(.init(key: "documentErrors", value: .array(documentErrors.sorted { $0.key < $1.key }.map {
                .map(CBORMap(checked: [.init(key: .text($0.key), value: .integer($0.value))]))
            })))
        }
        members.append(.init(key: "status", value: .unsigned(status)))
        return CBOREncoder.encode(.map(CBORMap(checked: members)), mapOrder: .asGiven)
    }
}
