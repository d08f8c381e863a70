import CPKCS11
import IDCore

/// Throws the error of a PKCS#11 return value that is not `CKR_OK`.
func checked(_ value: CK_RV, _ function: String) throws {
    guard value != CKR_OK else { return }
    throw PKCS11Failure.error(value, function)
}

enum PKCS11Failure {
    /// A PKCS#11 return value as the `IDCoreError` callers see: the function's name and the
    /// value in hex (PKCS#11 section 5.1), never a PIN or key material.
    static func error(_ value: CK_RV, _ function: String) -> IDCoreError {
        IDCoreError(.cryptographicFailure, "PKCS#11 \(function) failed with CKR 0x\(String(value, radix: 16, uppercase: true)).")
    }
}

/// The function a module has for `name`, or an error naming it when the module left it out.
func required<Function>(_ function: Function?, _ name: String) throws -> Function {
    guard let function else { throw IDCoreError(.unsupportedAlgorithm, "The PKCS#11 module does not provide \(name).") }
    return function
}
