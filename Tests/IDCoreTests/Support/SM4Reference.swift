import Foundation
@testable import IDCore

/// Reaches the raw SM4-CTR layer, which the public API only offers with derived subkeys.
enum SM4Reference {
    static func ctrKeystream(key: Data, counter: Data) throws -> Data {
        try key.withUnsafeBytes { key in
            try counter.withUnsafeBytes { counter in
                try Data(count: 16).withUnsafeBytes { zeros in try EVPCipher.sm4CTR(key: key, counter: counter, input: zeros) }
            }
        }
    }
}
