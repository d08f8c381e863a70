import Foundation
import IDCore

/// `swift run -c release Benchmarks <suite> [--seconds N] [--rounds N] [--only ES256,SM2] [--reconciled N] [--parts round-trip,settlements,reconciliation] [--sizes N,N] [--city-size N] [--size N] [--peers faiss,usearch|none]`: each suite measures the SDK beside
/// its reference in the same run and prints the ratio.
let arguments = Array(CommandLine.arguments.dropFirst())
// A peer process that exits early must give an error on the next write, not kill the run.
signal(SIGPIPE, SIG_IGN)
let suite = arguments.first ?? "crypto"
/// The word after `name` on the command line.
func value(_ name: String) -> String? {
    arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
}
func option(_ name: String) -> Double? { value(name).flatMap(Double.init) }
/// A comma-separated list after `name`.
func list(_ name: String) -> [String]? { value(name).map { $0.split(separator: ",").map(String.init) } }
let seconds = option("--seconds") ?? 1
/// The peers of the city-scale benchmark: `--peers faiss` alone for ten million templates on 24 GB.
let cityPeers = value("--peers") == "none" ? [] : list("--peers") ?? ["faiss", "usearch"]
let rounds = Int(option("--rounds") ?? 3)
/// `--only ES256,SM2` restricts a suite to some algorithms.
let algorithms = list("--only").map { $0.compactMap(SignatureAlgorithm.init(rawValue:)) } ?? SignatureAlgorithm.allCases

do {
    switch suite {
    case "crypto":
        try CryptoBenchmark.run(algorithms, seconds: seconds, rounds: rounds)
    case "gallery":
        // Flat galleries beside FAISS, then the city-scale one: every ratio of issue 19 in one run.
        let sizes = list("--sizes").map { $0.compactMap { Int($0) } } ?? [200_000]
        try GalleryBenchmark.run(sizes: sizes, seconds: seconds, rounds: rounds)
        let citySize = Int(option("--city-size") ?? 1_000_000)
        if citySize > 0 { try CityBenchmark.run(size: citySize, peers: cityPeers, seconds: seconds, rounds: rounds) }
    case "city":
        try CityBenchmark.run(size: Int(option("--size") ?? 1_000_000), peers: cityPeers, seconds: seconds, rounds: rounds)
    case "connector":
        let parts = list("--parts") ?? ConnectorBenchmark.parts
        try await ConnectorBenchmark.run(algorithms, seconds: seconds, rounds: rounds, reconciled: Int(option("--reconciled") ?? 100_000), parts: parts)
    case "credentials":
        try await CredentialBenchmark.run(algorithms, seconds: seconds, rounds: rounds)
        try await MdocBenchmark.run(algorithms, seconds: seconds, rounds: rounds)
    case "mdoc":
        try await MdocBenchmark.run(algorithms, seconds: seconds, rounds: rounds)
    case "json":
        try JSONBenchmark.run(seconds: seconds, rounds: rounds)
    default:
        FileHandle.standardError.write(Data("Unknown suite '\(suite)'. Suites: crypto, credentials (SD-JWT VC, then mdoc), mdoc, gallery, city, connector, json\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("Benchmarks: \(error)\n".utf8))
    exit(1)
}
