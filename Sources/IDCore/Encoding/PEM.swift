import Foundation

/// A PEM document (RFC 7468): a label and the DER bytes it wraps.
struct PEMDocument {
    let label: String
    let der: Data

    /// Reads the first PEM block of `text` whose label is one of `acceptedLabels`.
    init(parsing text: String, acceptedLabels: Set<String>) throws {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = lines.firstIndex(where: { $0.hasPrefix("-----BEGIN ") && $0.hasSuffix("-----") }) else {
            throw IDCoreError(.invalidKeyEncoding, "No '-----BEGIN ...-----' line found; expected a PEM document.")
        }
        let label = String(lines[begin].dropFirst("-----BEGIN ".count).dropLast("-----".count))
        guard acceptedLabels.contains(label) else {
            let expected = acceptedLabels.sorted().joined(separator: "' or '")
            throw IDCoreError(.invalidKeyEncoding, "PEM label is '\(label)'; expected '\(expected)'.")
        }
        guard let end = lines[begin...].firstIndex(of: "-----END \(label)-----") else {
            throw IDCoreError(.invalidKeyEncoding, "PEM block '\(label)' has no matching END line.")
        }
        let body = lines[(begin + 1)..<end].joined()
        guard let der = Data(base64Encoded: body), !der.isEmpty else {
            throw IDCoreError(.invalidKeyEncoding, "PEM block '\(label)' does not contain valid base64.")
        }
        self.label = label
        self.der = der
    }

    init(label: String, der: Data) {
        self.label = label
        self.der = der
    }

    /// The document with its base64 body wrapped at 64 characters, as RFC 7468 requires.
    var text: String {
        let body = der.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(label)-----\n\(body)\n-----END \(label)-----\n"
    }
}
