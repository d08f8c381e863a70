import Foundation

/// The command line of the example tools, read as one command word followed by `--name value`
/// options and bare `--flag` switches.
public struct Arguments {
    public let command: String
    private let options: [String: String]
    private let switches: Set<String>

    /// Reads `words`; names in `flags` are switches that take no value (`--all`), every other
    /// option needs one.
    public init(_ words: [String], flags: Set<String> = []) throws {
        var words = words[...]
        command = words.first.map { $0.hasPrefix("--") ? "tour" : $0 } ?? "tour"
        if words.first == command { words = words.dropFirst() }
        var options: [String: String] = [:]
        var switches: Set<String> = []
        while let word = words.popFirst() {
            guard word.hasPrefix("--") else { throw UsageError("Expected an option such as '--name', found '\(word)'.") }
            let name = String(word.dropFirst(2))
            if flags.contains(name) {
                switches.insert(name)
            } else if let value = words.popFirst(), !value.hasPrefix("--") {
                options[name] = value
            } else {
                throw UsageError("The option '--\(name)' needs a value.")
            }
        }
        self.options = options
        self.switches = switches
    }

    /// Whether the switch `--name` was given.
    public func isSet(_ name: String) -> Bool { switches.contains(name) }

    /// The value of `--name`; a usage error names the option when it is missing.
    public func required(_ name: String) throws -> String {
        guard let value = options[name] else { throw UsageError("The '\(command)' command needs --\(name).") }
        return value
    }

    /// The value of `--name`, or nil when it was not given.
    public func optional(_ name: String) -> String? { options[name] }
}

/// A mistake on the command line, printed as it is.
public struct UsageError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
