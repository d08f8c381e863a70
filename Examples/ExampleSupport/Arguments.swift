import Foundation

/// The command line of the example tools, read as one command word followed by `--name value`
/// options.
public struct Arguments {
    public let command: String
    private let options: [String: String]

    public init(_ words: [String]) throws {
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

    public func required(_ name: String) throws -> String {
        guard let value = options[name] else { throw UsageError("The '\(command)' command needs --\(name).") }
        return value
    }

    public func optional(_ name: String) -> String? { options[name] }
}

/// A mistake on the command line, printed as it is.
public struct UsageError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
