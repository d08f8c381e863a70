import CPKCS11
import Foundation
import IDCore

/// A PKCS#11 module (the library an HSM vendor ships, `/usr/lib/softhsm/libsofthsm2.so` for
/// SoftHSM2), loaded and initialised for the process.
///
/// PKCS#11 initialisation is process-wide: a second `PKCS11Module` of the same library shares
/// it, and the module is never finalised, since other parts of the process may use it too.
public final class PKCS11Module: Sendable {
    /// Where the library was loaded from.
    public let path: String
    /// The module's function table: written by the module once, when loaded, and only read
    /// after; the module does its own locking (initialised with `CKF_OS_LOCKING_OK`).
    nonisolated(unsafe) let functions: UnsafePointer<CK_FUNCTION_LIST>

    /// Loads the library at `path` and initialises it for use from many threads (the module's
    /// own locking, `CKF_OS_LOCKING_OK`).
    public init(path: String) throws {
        var message = [CChar](repeating: 0, count: 512)
        guard let list = vidk_pkcs11_load(path, &message, UInt(message.count)) else {
            throw IDCoreError(.invalidParameter, "The PKCS#11 module \(path) could not be loaded: \(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
        }
        self.path = path
        functions = list
        var arguments = CK_C_INITIALIZE_ARGS()
        arguments.flags = CKF_OS_LOCKING_OK
        let initialised = try withUnsafeMutablePointer(to: &arguments) { try required(list.pointee.C_Initialize, "C_Initialize")($0) }
        if initialised != CKR_CRYPTOKI_ALREADY_INITIALIZED { try checked(initialised, "C_Initialize") }
    }

    /// The labels of the initialised tokens in the module's slots.
    public func tokenLabels() throws -> [String] {
        try slots().map(\.label)
    }

    /// The slots with an initialised token, and each token's label (blank-padded in PKCS#11).
    func slots() throws -> [(slot: CK_SLOT_ID, label: String)] {
        let getSlots = try required(functions.pointee.C_GetSlotList, "C_GetSlotList")
        var count: CK_ULONG = 0
        try checked(getSlots(1, nil, &count), "C_GetSlotList")
        var slots = [CK_SLOT_ID](repeating: 0, count: Int(count))
        try checked(getSlots(1, &slots, &count), "C_GetSlotList")
        let getInfo = try required(functions.pointee.C_GetTokenInfo, "C_GetTokenInfo")
        return try slots.prefix(Int(count)).compactMap { slot in
            var info = CK_TOKEN_INFO()
            try checked(getInfo(slot, &info), "C_GetTokenInfo")
            guard info.flags & CKF_TOKEN_INITIALIZED != 0 else { return nil }
            let label = withUnsafeBytes(of: info.label) { String(decoding: $0, as: UTF8.self) }
            return (slot, label.trimmingCharacters(in: [" "]))
        }
    }
}
