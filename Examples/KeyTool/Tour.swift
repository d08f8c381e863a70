import ExampleSupport
import Foundation
import IDCore

/// The default command: for every algorithm, generate a key, sign a check-in record, verify
/// it, and show that a changed record fails; then seal the record with both ciphers.
enum Tour {
    static func run() throws {
        let record = Data("guest checked in: Guangzhou Nansha, 2026-11-25T20:00:00+08:00, room 1208".utf8)
        print("VirtualIDKit KeyTool tour: OpenSSL-backed keys and signatures\n")
        for algorithm in SignatureAlgorithm.allCases {
            let start = ContinuousClock.now
            let key = try SigningKey(generating: algorithm)
            let signature = try key.signature(for: record)
            let valid = key.publicKey.isValidSignature(signature, for: record)
            let tamperedValid = key.publicKey.isValidSignature(signature, for: record + Data(" (edited)".utf8))
            let elapsed = ContinuousClock.now - start
            print("\(algorithm.joseName.padding(toLength: 6, withPad: " ", startingAt: 0)) key id \(key.publicKey.thumbprint)")
            print("       signature \(signature.rawRepresentation.count) bytes, verifies: \(valid ? "yes" : "NO"), edited record verifies: \(tamperedValid ? "YES" : "no") (\(elapsed.formatted(.units(allowed: [.milliseconds], fractionalPart: .show(length: 2)))))")
            guard valid, !tamperedValid else { throw UsageError("\(algorithm.joseName) did not behave as expected.") }
        }
        let key = try SecretKey()
        for algorithm in SealedMessage.Algorithm.allCases {
            let box = try SealedMessage.seal(record, using: key, algorithm: algorithm, authenticating: Data("hotel-desk-7".utf8))
            let opened = try box.open(using: key, authenticating: Data("hotel-desk-7".utf8))
            print("Sealed box \(algorithm): \(box.combined.count) bytes, opens to the record: \(opened == record ? "yes" : "NO")")
        }
        print("\nEvery signature above is a real OpenSSL signature; nothing was printed of any private key.")
    }
}
