import Foundation
import Testing

/// The parts of a Project Wycheproof test file (schema v1) that IDCore's tests read.
struct WycheproofFile: Decodable {
    let algorithm: String
    let numberOfTests: Int
    let testGroups: [Group]

    struct Group: Decodable {
        let publicKeyDer: String?
        let publicKey: PublicKey?
        let tests: [Case]
    }

    struct PublicKey: Decodable {
        let pk: String?
    }

    struct Case: Decodable {
        let tcId: Int
        let comment: String
        let result: Expectation
        let msg: String
        let sig: String?
        let key: String?
        let iv: String?
        let aad: String?
        let ct: String?
        let tag: String?
    }

    enum Expectation: String, Decodable {
        case valid, invalid, acceptable

        /// Whether `accepted` agrees with the expectation; `acceptable` allows either.
        func admits(_ accepted: Bool) -> Bool {
            switch self {
            case .valid: accepted
            case .invalid: !accepted
            case .acceptable: true
            }
        }
    }

    static func load(_ name: String) throws -> WycheproofFile {
        let data = try Data(contentsOf: SharedVectors.wycheproof.appendingPathComponent(name))
        return try JSONDecoder().decode(WycheproofFile.self, from: data)
    }

    /// Runs `accepts` on every case, records each disagreement, and prints the count checked.
    static func check(_ name: String, accepts: (Group, Case) throws -> Bool) throws {
        let file = try load(name)
        var checked = 0
        for group in file.testGroups {
            for test in group.tests {
                let accepted = try accepts(group, test)
                #expect(test.result.admits(accepted), "\(name) tcId \(test.tcId) (\(test.comment)): expected \(test.result), accepted = \(accepted)")
                checked += 1
            }
        }
        #expect(checked == file.numberOfTests)
        print("Wycheproof \(name): \(checked) vectors checked")
    }
}

extension WycheproofFile.Case {
    func bytes(_ hex: String?) throws -> Data {
        try #require(Data(hex: hex ?? ""), "tcId \(tcId): bad hex in vector")
    }
}
