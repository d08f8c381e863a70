import ExampleSupport
import Testing

@Suite("Example command lines: options with values and bare switches")
struct ArgumentsTests {
    @Test("A switch takes no value, an option takes the next word")
    func switchesAndOptions() throws {
        let arguments = try Arguments(["run", "--all", "--scenario", "photo-attack"], flags: ["all", "list"])
        #expect(arguments.isSet("all"))
        #expect(!arguments.isSet("list"))
        #expect(arguments.optional("scenario") == "photo-attack")
    }

    @Test("An option without its value is a usage error naming it", arguments: [["run", "--scenario"], ["run", "--scenario", "--all"]])
    func missingValue(_ words: [String]) {
        let error = #expect(throws: UsageError.self) { try Arguments(words, flags: ["all"]) }
        #expect(error?.description.contains("--scenario") == true)
    }

    @Test("A stray word after a switch is refused rather than ignored")
    func strayWord() {
        #expect(throws: UsageError.self) { try Arguments(["run", "--all", "yes"], flags: ["all"]) }
    }
}
