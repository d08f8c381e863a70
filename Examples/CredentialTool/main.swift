import ExampleSupport
import Foundation

do {
    let arguments = try Arguments(Array(CommandLine.arguments.dropFirst()))
    switch arguments.command {
    case "issue": try Commands.issue(arguments)
    case "present": try Commands.present(arguments)
    case "verify": exit(try await Commands.verify(arguments) ? 0 : 1)
    case "tour", "help", "-h", "--help": print(Commands.usage)
    default: throw UsageError("Unknown command '\(arguments.command)'.\n\n\(Commands.usage)")
    }
} catch {
    FileHandle.standardError.write(Data("CredentialTool: \(error)\n".utf8))
    exit(2)
}
