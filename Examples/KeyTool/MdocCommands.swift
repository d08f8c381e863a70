import ExampleSupport
import Foundation
import IDCore

/// KeyTool's ISO/IEC 18013-5 commands: issue an IssuerSigned, present it as a DeviceResponse,
/// verify a DeviceResponse, for checking the SDK's mdocs against other implementations.
/// Elements and session transcripts are CBOR files; element names are `namespace/identifier`.
enum MdocCommands {
    static let usage = """
      KeyTool mdoc-issue --key ds-key.pem --certificate ds.pem --device-key wallet-pub.pem --doctype org.iso.18013.5.1.mDL --elements elements.cbor --out issued.cbor [--start unix-time] [--days 30]
      KeyTool mdoc-present --issued issued.cbor --device-key wallet-key.pem --doctype org.iso.18013.5.1.mDL --transcript transcript.cbor --disclose ns/id,ns/id --out response.cbor
      KeyTool mdoc-verify --anchor iaca.pem --response response.cbor --doctype org.iso.18013.5.1.mDL --transcript transcript.cbor --require ns/id,ns/id [--at unix-time]
    """

    static func issue(_ arguments: Arguments) throws {
        let signer = try KeyFiles.signingKey(try arguments.required("key"), distinguishingID: nil)
        let chain = try X509Certificate.certificates(pemBundle: String(decoding: try KeyFiles.read(try arguments.required("certificate")), as: UTF8.self))
        let deviceKey = try KeyFiles.verificationKey(try arguments.required("device-key"), distinguishingID: nil)
        guard let spaces = try CBORDecoder().decode(try KeyFiles.read(try arguments.required("elements"))).mapValue else {
            throw UsageError("--elements is a CBOR map of namespaces to maps of element identifiers to values.")
        }
        let nameSpaces = try spaces.map { space -> (namespace: String, elements: [(identifier: String, value: CBORValue)]) in
            guard let namespace = space.key.textValue, let elements = space.value.mapValue, elements.allSatisfy({ $0.key.textValue != nil }) else {
                throw UsageError("--elements maps namespace names to maps keyed by element identifiers.")
            }
            return (namespace, elements.map { ($0.key.textValue ?? "", $0.value) })
        }
        let start = try arguments.unixTime("start")
        let days = Double(arguments.optional("days") ?? "30") ?? 30
        let issued = try MdocIssuer(signer: signer, certificateChain: chain).issue(
            docType: try arguments.required("doctype"), nameSpaces: nameSpaces, deviceKey: deviceKey,
            validity: .init(signed: start, validFrom: start, validUntil: start.addingTimeInterval(days * 86_400)))
        try KeyFiles.write(Data(issued.encoded()), to: try arguments.required("out"))
        print("Issued \(nameSpaces.map { "\($0.namespace): \($0.elements.count) elements" }.joined(separator: ", "))")
    }

    static func present(_ arguments: Arguments) throws {
        let issued = try IssuerSigned(encoded: try KeyFiles.read(try arguments.required("issued")))
        let deviceKey = try KeyFiles.signingKey(try arguments.required("device-key"), distinguishingID: nil)
        let document = try MdocHolder.present(issued, docType: try arguments.required("doctype"), disclosing: try elements(arguments, "disclose"),
                                              sessionTranscript: try transcript(arguments), deviceSigner: deviceKey)
        try KeyFiles.write(Data(DeviceResponse(documents: [document]).encoded()), to: try arguments.required("out"))
        print("Presented \(document.issuerSigned.nameSpaces.map(\.items.count).reduce(0, +)) elements")
    }

    /// Returns whether the response was accepted.
    static func verify(_ arguments: Arguments) async throws -> Bool {
        let anchors = try X509Certificate.certificates(pemBundle: String(decoding: try KeyFiles.read(try arguments.required("anchor")), as: UTF8.self))
        let docType = try arguments.required("doctype")
        let at = try arguments.unixTime("at")
        let verifier = MdocVerifier(trust: try IACATrust(anchors: anchors), acceptedDocTypes: [docType], clock: { at })
        let request = MdocRequest(docType: docType, requiredElements: try elements(arguments, "require"), sessionTranscript: try transcript(arguments))
        let outcome = await verifier.verify(try KeyFiles.read(try arguments.required("response")), for: request)
        print(outcome)
        for (namespace, elements) in outcome.document?.elements.sorted(by: { $0.key < $1.key }) ?? [] {
            for (identifier, value) in elements.sorted(by: { $0.key < $1.key }) { print("  \(namespace)/\(identifier) = \(value)") }
        }
        return outcome.isAccepted
    }

    private static func elements(_ arguments: Arguments, _ name: String) throws -> [String: Set<String>] {
        try (arguments.optional(name) ?? "").split(separator: ",").reduce(into: [:]) { elements, path in
            guard let slash = path.lastIndex(of: "/") else { throw UsageError("--\(name) lists namespace/identifier, not '\(path)'.") }
            elements[String(path[..<slash]), default: []].insert(String(path[path.index(after: slash)...]))
        }
    }

    private static func transcript(_ arguments: Arguments) throws -> CBORValue {
        try CBORDecoder().decode(try KeyFiles.read(try arguments.required("transcript")))
    }
}
