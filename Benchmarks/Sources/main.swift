import Foundation
import IDCore

/// `swift run -c release Benchmarks <suite> [--seconds N] [--rounds N] [--only ES256,SM2] [--reconciled N] [--parts round-trip,settlements,reconciliation]`: each suite measures the SDK beside
/// its reference in the same run and prints the ratio.
let arguments = Array(CommandLine.arguments.dropFirst())
let suite = arguments.first ?? "crypto"
func option(_ name: String) -> Double? {
    arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? Double(arguments[$0 + 1]) : nil }
}
let seconds = option("--seconds") ?? 1
let rounds = Int(option("--rounds") ?? 3)
/// `--only ES256,SM2` restricts a suite to some algorithms.
let algorithms = arguments.firstIndex(of: "--only").flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
    .map { $0.split(separator: ",").compactMap { SignatureAlgorithm(rawValue: String($0)) } } ?? SignatureAlgorithm.allCases

do {
    switch suite {
    case "crypto":
        try CryptoBenchmark.run(algorithms, seconds: seconds, rounds: rounds)
    case "gallery":
        let sizes = arguments.firstIndex(of: "--sizes").flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
            .map { $0.split(separator: ",").compactMap { Int($0) } } ?? [200_000]
        try GalleryBenchmark.run(sizes: sizes, seconds: seconds, rounds: rounds)
    case "connector":
        let parts = arguments.firstIndex(of: "--parts").flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
            .map { $0.split(separator: ",").map(String.init) } ?? ConnectorBenchmark.parts
        try await ConnectorBenchmark.run(algorithms, seconds: seconds, rounds: rounds, reconciled: Int(option("--reconciled") ?? 100_000), parts: parts)
    case "credentials":
        try await CredentialBenchmark.run(algorithms, seconds: seconds, rounds: rounds)
    case "json":
        try JSONBenchmark.run(seconds: seconds, rounds: rounds)
    default:
        FileHandle.standardError.write(Data("Unknown suite '\(suite)'. Suites: crypto, credentials, gallery, connector, json\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("Benchmarks: \(error)\n".utf8))
    exit(1)
}
