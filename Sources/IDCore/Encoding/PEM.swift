import Foundation

/// A PEM document (RFC 7468): a label and the DER bytes it wraps.
struct PEMDocument {
    let label: String
    let der: Data

    /// Reads the first PEM block of `text` whose label is one of `acceptedLabels`.
    init(parsing text: String, acceptedLabels: Set<String>) throws {
        var lines = Self.lines(of: text)[...]
        guard let first = try Self.nextBlock(&lines) else {
            throw IDCoreError(.invalidKeyEncoding, "No '-----BEGIN ...-----' line found; expected a PEM document.")
        }
        guard acceptedLabels.contains(first.label) else {
            let expected = acceptedLabels.sorted().joined(separator: "' or '")
            throw IDCoreError(.invalidKeyEncoding, "PEM label is '\(first.label)'; expected '\(expected)'.")
        }
        self = first
    }

    init(label: String, der: Data) {
        self.label = label
        self.der = der
    }

    /// Every block of `text`, in order (a certificate chain, a trust bundle); throws when one is
    /// not labelled `label`.
    static func all(in text: String, label: String) throws -> [PEMDocument] {
        var lines = lines(of: text)[...]
        var documents: [PEMDocument] = []
        while let document = try nextBlock(&lines) {
            guard document.label == label else { throw IDCoreError(.invalidKeyEncoding, "PEM label is '\(document.label)'; expected '\(label)'.") }
            documents.append(document)
        }
        return documents
    }

    /// The document with its base64 body wrapped at 64 characters, as RFC 7468 requires.
    var text: String {
        let body = der.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(label)-----\n\(body)\n-----END \(label)-----\n"
    }

    private static func lines(of text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The next block of `lines`, which then start after its END line; nil when there is none.
    private static func nextBlock(_ lines: inout ArraySlice<String>) throws -> PEMDocument? {
        guard let begin = lines.firstIndex(where: { $0.hasPrefix("-----BEGIN ") && $0.hasSuffix("-----") }) else { return nil }
        let label = String(lines[begin].dropFirst("-----BEGIN ".count).dropLast("-----".count))
        guard let end = lines[begin...].firstIndex(of: "-----END \(label)-----") else {
            throw IDCoreError(.invalidKeyEncoding, "PEM block '\(label)' has no matching END line.")
        }
        let body = lines[(begin + 1)..<end].joined()
        guard let der = Data(base64Encoded: body), !der.isEmpty else {
            throw IDCoreError(.invalidKeyEncoding, "PEM block '\(label)' does not contain valid base64.")
        }
        lines = lines[(end + 1)...]
        return PEMDocument(label: label, der: der)
    }
}
