import Foundation
import Synchronization
import IDCore
@testable import IDCorePKCS11

/// A SoftHSM2 token for the tests, in a directory of its own: SoftHSM2 reads its configuration
/// from `SOFTHSM2_CONF` when the module initialises, once per process, so every test shares
/// the one token made here. Nil, with the reason, when SoftHSM2 is not installed (`.ci/run`
/// installs it: Debian `softhsm2`).
enum SoftHSM {
    static let pin = "2026-hsm-user"
    static let tokenLabel = "vidk-tests"
    static let modulePath = ProcessInfo.processInfo.environment["VIRTUALIDKIT_PKCS11_MODULE"] ?? "/usr/lib/softhsm/libsofthsm2.so"

    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: modulePath) && utility != nil
    }

    private static let utility: String? = ["/usr/bin/softhsm2-util", "/usr/local/bin/softhsm2-util"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The token, initialised on first use.
    static let token: Result<PKCS11Token, any Error> = Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vidk-softhsm-\(UUID().uuidString)")
        let tokens = directory.appendingPathComponent("tokens")
        try FileManager.default.createDirectory(at: tokens, withIntermediateDirectories: true)
        let configuration = directory.appendingPathComponent("softhsm2.conf")
        try "directories.tokendir = \(tokens.path)\nobjectstore.backend = file\nlog.level = ERROR\n".write(to: configuration, atomically: true, encoding: .utf8)
        setenv("SOFTHSM2_CONF", configuration.path, 1)
        try run(utility ?? "softhsm2-util", ["--init-token", "--free", "--label", tokenLabel, "--pin", pin, "--so-pin", "2026-hsm-officer"])
        let module = try PKCS11Module(path: modulePath)
        do {
            _ = try PKCS11Token(module: module, label: tokenLabel, pin: "wrong-pin")
        } catch let error as IDCoreError {
            wrongPINRefusal.withLock { $0 = error.reason }
        }
        return try PKCS11Token(module: module, label: tokenLabel, pin: pin)
    }

    /// How the token answered a wrong PIN before the process had logged in (CKR_PIN_INCORRECT).
    static var firstLoginWithWrongPIN: String? {
        _ = token
        return wrongPINRefusal.withLock { $0 }
    }

    private static let wrongPINRefusal = Mutex<String?>(nil)

    /// Runs a tool and fails with its output when it fails.
    static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw IDCoreError(.invalidParameter, "\(tool) \(arguments.first ?? "") exited with \(process.terminationStatus): \(text)")
        }
    }
}
