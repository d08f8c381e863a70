import Foundation

/// FAISS in a Python process that stays up for the whole run (`Scripts/faiss_gallery.py`): it
/// finds its best configuration first, then answers one measurement at a time, so that each
/// round measures FaceMatch and FAISS one after the other on the same machine state.
final class FaissPeer {
    /// The configuration FAISS chose, as the script reported it.
    let configuration: [String: Any]
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var pending = Data()

    /// Starts the script on the gallery and probe files; nil (with the reason printed) when the
    /// Python has no faiss or numpy.
    init?(python: String, script: URL, gallery: URL, probes: URL, dimension: Int) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script.path, gallery.path, probes.path, String(dimension)]
        process.standardInput = input
        process.standardOutput = output
        // FAISS's own log goes where the benchmark's does: nothing of the peer is hidden.
        process.standardError = FileHandle.standardError
        try process.run()
        configuration = Self.object(FaissPeer.readLine(output.fileHandleForReading, &pending))
        if let skipped = configuration["skipped"] {
            print("FAISS skipped: \(skipped) (set VIRTUALIDKIT_PYTHON to a Python with faiss-cpu and numpy)")
            process.terminate()
            return nil
        }
    }

    deinit {
        try? input.fileHandleForWriting.write(contentsOf: Data("quit\n".utf8))
        process.waitUntilExit()
    }

    /// Templates scanned per second for `index` (`flat` or `sq8`).
    func rate(_ index: String, threads: Int, batch: Int, seconds: Double) throws -> Double {
        try ask("rate \(index) \(threads) \(batch) \(seconds)")["rate"] as? Double ?? 0
    }

    /// SQ8's recall@10 against flat over the first 100 probes.
    func recall() throws -> Double {
        try ask("recall")["sq8_recall_at_10"] as? Double ?? 0
    }

    private func ask(_ command: String) throws -> [String: Any] {
        try input.fileHandleForWriting.write(contentsOf: Data((command + "\n").utf8))
        return Self.object(FaissPeer.readLine(output.fileHandleForReading, &pending))
    }

    private static func readLine(_ handle: FileHandle, _ pending: inout Data) -> String {
        while !pending.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            guard !chunk.isEmpty else { break }
            pending.append(chunk)
        }
        let end = pending.firstIndex(of: UInt8(ascii: "\n")) ?? pending.endIndex
        let line = String(decoding: pending[pending.startIndex..<end], as: UTF8.self)
        pending = end < pending.endIndex ? Data(pending[pending.index(after: end)...]) : Data()
        return line
    }

    private static func object(_ line: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]) ?? ["skipped": "the FAISS script answered '\(line.prefix(200))'"]
    }
}
