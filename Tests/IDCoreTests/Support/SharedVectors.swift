import Foundation

/// Test vectors kept outside the repository in `../shared/vectors` (Project Wycheproof and
/// others). Tests that need them are disabled, with this message, when the folder is absent.
enum SharedVectors {
    static let directory: URL = {
        if let override = ProcessInfo.processInfo.environment["VIRTUALIDKIT_VECTORS"] {
            return URL(fileURLWithPath: override)
        }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/vectors")
    }()

    static let wycheproof = directory.appendingPathComponent("wycheproof")

    static var wycheproofAvailable: Bool {
        FileManager.default.fileExists(atPath: wycheproof.appendingPathComponent("ed25519_test.json").path)
    }

    static let missingWycheproof = "Wycheproof vectors not found in \(wycheproof.path); set VIRTUALIDKIT_VECTORS or add ../shared/vectors."
}
