import Foundation

/// A reference library in a Python process that stays up for the whole run (FAISS in
/// `Scripts/faiss_gallery.py`, FAISS and USearch in `Scripts/city_peers.py`): it configures
/// itself first, then answers one command at a time with one JSON line, so that each round
/// measures FaceMatch and the peer one after the other on the same machine state.
final class ScriptPeer {
    /// The script's first line: the configuration the peer chose and its versions.
    let configuration: [String: Any]
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var pending = Data()

    /// Starts `script` (in `Benchmarks/Scripts`) with `arguments`; nil (with the reason printed)
    /// when the Python lacks a package the script needs.
    init?(script name: String, arguments: [String]) throws {
        let python = ProcessInfo.processInfo.environment["VIRTUALIDKIT_PYTHON"] ?? "python3"
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scripts/\(name)")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script.path] + arguments
        process.standardInput = input
        process.standardOutput = output
        // The peer's own log goes where the benchmark's does: nothing of it is hidden.
        process.standardError = FileHandle.standardError
        try process.run()
        configuration = Self.object(Self.readLine(output.fileHandleForReading, &pending))
        if let skipped = configuration["skipped"] {
            print("\(name) skipped: \(skipped) (set VIRTUALIDKIT_PYTHON to a Python with the packages it names)")
            process.terminate()
            return nil
        }
    }

    deinit {
        // A peer that has exited (one that skipped) would answer the write with SIGPIPE.
        guard process.isRunning else { return }
        try? input.fileHandleForWriting.write(contentsOf: Data("quit\n".utf8))
        process.waitUntilExit()
    }

    /// Sends one command and returns the peer's answer.
    func ask(_ command: String) throws -> [String: Any] {
        try input.fileHandleForWriting.write(contentsOf: Data((command + "\n").utf8))
        return Self.object(Self.readLine(output.fileHandleForReading, &pending))
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
        (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]) ?? ["skipped": "the script answered '\(line.prefix(200))'"]
    }
}
