import CPKCS11
import IDCore
import Synchronization

/// A token in a PKCS#11 module (an HSM partition, a SoftHSM2 token), logged in as its user.
///
/// One session serves every signer of the token, used by one caller at a time: PKCS#11 sessions
/// are not safe to share between threads, and an HSM's own throughput, not the session, bounds
/// how fast it signs. The PIN is used once, to log in, and not kept. A process opens one
/// `PKCS11Token` per token and shares it: PKCS#11 logs in the whole process, so a second one
/// for the same token is refused.
public final class PKCS11Token: Sendable {
    /// The token's label.
    public let label: String
    let module: PKCS11Module
    private let session: Mutex<CK_SESSION_HANDLE>

    /// Opens a read-write session on the token labelled `label` and logs in with `pin`.
    public init(module: PKCS11Module, label: String, pin: String) throws {
        guard let slot = try module.slots().first(where: { $0.label == label })?.slot else {
            throw IDCoreError(.invalidParameter, "The PKCS#11 module \(module.path) has no initialised token labelled '\(label)'.")
        }
        let functions = module.functions.pointee
        var handle: CK_SESSION_HANDLE = 0
        try checked(required(functions.C_OpenSession, "C_OpenSession")(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nil, nil, &handle), "C_OpenSession")
        var pinBytes = Array(pin.utf8)
        let login = try required(functions.C_Login, "C_Login")(handle, CKU_USER, &pinBytes, CK_ULONG(pinBytes.count))
        guard login == CKR_OK else {
            _ = functions.C_CloseSession?(handle)
            // PKCS#11 logs the whole process in at once: a second login answers "already logged
            // in" without checking its PIN, so it is refused rather than let a wrong PIN ride
            // on the first.
            guard login != CKR_USER_ALREADY_LOGGED_IN else {
                throw IDCoreError(.invalidParameter, "PKCS#11 C_Login: token '\(label)' is already logged in by this process; share its one PKCS11Token.")
            }
            throw PKCS11Failure.error(login, "C_Login")
        }
        self.label = label
        self.module = module
        session = Mutex(handle)
    }

    /// Generates a key pair inside the token, labelled `label`: the private key is sensitive and
    /// not extractable, so it never leaves the token. ES256, ES384 and EdDSA (as far as the
    /// module supports them; SoftHSM2 has all three). SM2 has no standard PKCS#11 mechanism.
    public func generateSigner(_ algorithm: SignatureAlgorithm, label keyLabel: String) throws -> PKCS11Signer {
        let curve = try PKCS11Curve(algorithm)
        let publicTemplate = AttributeTemplate()
        publicTemplate.add(CKA_TOKEN, true)
        publicTemplate.add(CKA_VERIFY, true)
        publicTemplate.add(CKA_LABEL, keyLabel)
        publicTemplate.add(CKA_EC_PARAMS, bytes: curve.parameters)
        let privateTemplate = AttributeTemplate()
        privateTemplate.add(CKA_TOKEN, true)
        privateTemplate.add(CKA_PRIVATE, true)
        privateTemplate.add(CKA_SIGN, true)
        privateTemplate.add(CKA_SENSITIVE, true)
        privateTemplate.add(CKA_EXTRACTABLE, false)
        privateTemplate.add(CKA_LABEL, keyLabel)
        try withSession { session, functions in
            let generate = try required(functions.C_GenerateKeyPair, "C_GenerateKeyPair")
            var mechanism = CK_MECHANISM(mechanism: curve.keyGeneration, pParameter: nil, ulParameterLen: 0)
            var publicHandle: CK_OBJECT_HANDLE = 0
            var privateHandle: CK_OBJECT_HANDLE = 0
            try publicTemplate.withAttributes { publicAttributes, publicCount in
                try privateTemplate.withAttributes { privateAttributes, privateCount in
                    try checked(generate(session, &mechanism, publicAttributes, publicCount, privateAttributes, privateCount, &publicHandle, &privateHandle),
                                "C_GenerateKeyPair")
                }
            }
        }
        return try signer(label: keyLabel)
    }

    /// The signer of the key pair labelled `label` already in the token.
    public func signer(label keyLabel: String) throws -> PKCS11Signer {
        try withSession { session, functions in
            let privateKey = try findObject(CKO_PRIVATE_KEY, label: keyLabel, session: session, functions: functions)
            let publicKey = try findObject(CKO_PUBLIC_KEY, label: keyLabel, session: session, functions: functions)
            let curve = try PKCS11Curve(parameters: attribute(CKA_EC_PARAMS, of: publicKey, session: session, functions: functions))
            let point = try curve.rawPublicKey(fromECPoint: attribute(CKA_EC_POINT, of: publicKey, session: session, functions: functions))
            return PKCS11Signer(token: self, privateKey: privateKey, algorithm: curve.algorithm,
                                publicKey: try VerificationKey(rawRepresentation: point, algorithm: curve.algorithm))
        }
    }

    /// Runs `body` with the session, one caller at a time.
    func withSession<Result>(_ body: (CK_SESSION_HANDLE, CK_FUNCTION_LIST) throws -> Result) throws -> Result {
        try session.withLock { handle in try body(handle, module.functions.pointee) }
    }

    /// The value of `type` of `object`, read with the two calls PKCS#11 asks for (length, value).
    func attribute(_ type: CK_ATTRIBUTE_TYPE, of object: CK_OBJECT_HANDLE, session: CK_SESSION_HANDLE, functions: CK_FUNCTION_LIST) throws -> [UInt8] {
        let read = try required(functions.C_GetAttributeValue, "C_GetAttributeValue")
        var probe = CK_ATTRIBUTE(type: type, pValue: nil, ulValueLen: 0)
        try checked(read(session, object, &probe, 1), "C_GetAttributeValue")
        var value = [UInt8](repeating: 0, count: Int(probe.ulValueLen))
        try value.withUnsafeMutableBytes { bytes in
            var attribute = CK_ATTRIBUTE(type: type, pValue: bytes.baseAddress, ulValueLen: CK_ULONG(bytes.count))
            try checked(read(session, object, &attribute, 1), "C_GetAttributeValue")
        }
        return value
    }

    private func findObject(_ objectClass: CK_OBJECT_CLASS, label keyLabel: String, session: CK_SESSION_HANDLE, functions: CK_FUNCTION_LIST) throws -> CK_OBJECT_HANDLE {
        let template = AttributeTemplate()
        template.add(CKA_CLASS, objectClass)
        template.add(CKA_LABEL, keyLabel)
        try template.withAttributes { try checked(required(functions.C_FindObjectsInit, "C_FindObjectsInit")(session, $0, $1), "C_FindObjectsInit") }
        defer { _ = functions.C_FindObjectsFinal?(session) }
        var found = [CK_OBJECT_HANDLE](repeating: 0, count: 2)
        var count: CK_ULONG = 0
        try checked(required(functions.C_FindObjects, "C_FindObjects")(session, &found, 2, &count), "C_FindObjects")
        guard count == 1 else {
            let kind = objectClass == CKO_PRIVATE_KEY ? "private" : "public"
            throw IDCoreError(.invalidParameter, count == 0 ? "Token '\(label)' has no \(kind) key labelled '\(keyLabel)'."
                : "Token '\(label)' has several \(kind) keys labelled '\(keyLabel)'; labels must name one key.")
        }
        return found[0]
    }

    deinit {
        let functions = module.functions.pointee
        session.withLock { handle in _ = functions.C_CloseSession?(handle) }
    }
}
