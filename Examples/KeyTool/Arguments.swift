import Foundation

/// The command line, read as one command word followed by `--name value` options.
struct Arguments {
    let command: String
    private let options: [String: String]

    init(_ words: [String]) throws {
        var words = words[...]
        command = words.first.map { $0.hasPrefix("--") ? "tour" : $0 } ?? "tour"
        if words.first == command { words = words.dropFirst() }
        var options: [String: String] = [:]
        while let name = words.popFirst() {
            guard name.hasPrefix("--"), let value = words.popFirst() else {
                throw UsageError("Expected '--option value', found '\(name)'.")
            }
            options[String(name.dropFirst(2))] = value
        }
        self.options = options
    }

    func required(_ name: String) throws -> String {
        guard let value = options[name] else { throw UsageError("The '\(command)' command needs --\(name).") }
        return value
    }

    func optional(_ name: String) -> String? { options[name] }
}

struct UsageError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
