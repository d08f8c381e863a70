import COpenSSL
import Foundation

/// Path validation by OpenSSL's verifier (RFC 5280 section 6): signatures, validity at a given
/// time, basic constraints and critical extensions it does not know. Revocation is checked by
/// the caller (`CertificateRevocationList`): OpenSSL 3.0 cannot be given the SM2 distinguishing
/// ID a CRL's signature covers.
enum X509PathValidation {
    /// Validates `leaf` up to one of `anchors`, through `intermediates`, at `time`. Returns the
    /// DER of the anchor the path ends at, or OpenSSL's reason for refusing it.
    static func validate(_ leaf: X509Handle, intermediates: [X509Handle], anchors: [X509Handle], at time: Date) -> Result<[UInt8], PathFailure> {
        guard let seconds = time_t(exactly: time.timeIntervalSince1970.rounded(.down)) else {
            return .failure(PathFailure(code: -1, reason: "the time of the check, \(time.timeIntervalSince1970), is not a time OpenSSL can check at"))
        }
        guard let store = X509_STORE_new(), let context = X509_STORE_CTX_new() else {
            return .failure(PathFailure(code: -1, reason: OpenSSLErrorQueue.drain() ?? "OpenSSL could not allocate a verification context"))
        }
        defer {
            X509_STORE_CTX_free(context)
            X509_STORE_free(store)
        }
        for anchor in anchors { X509_STORE_add_cert(store, anchor.certificate) }
        let untrusted = OPENSSL_sk_new_null()
        defer { OPENSSL_sk_free(untrusted) }
        for certificate in intermediates { OPENSSL_sk_push(untrusted, UnsafeRawPointer(certificate.certificate)) }
        guard X509_STORE_CTX_init(context, store, leaf.certificate, untrusted) == 1 else {
            return .failure(PathFailure(code: -1, reason: OpenSSLErrorQueue.drain() ?? "OpenSSL could not start verification"))
        }
        let parameters = X509_STORE_CTX_get0_param(context)
        X509_VERIFY_PARAM_set_time(parameters, seconds)
        X509_VERIFY_PARAM_set_flags(parameters, UInt(X509_V_FLAG_X509_STRICT))
        let verified = X509_verify_cert(context) == 1
        OpenSSLErrorQueue.drain()
        guard verified else {
            let code = X509_STORE_CTX_get_error(context)
            return .failure(PathFailure(code: code, reason: String(cString: X509_verify_cert_error_string(Int(code)))))
        }
        let chain = X509_STORE_CTX_get0_chain(context)
        let count = OPENSSL_sk_num(chain)
        guard count > 0, let last = OPENSSL_sk_value(chain, count - 1),
              let der = try? OpenSSLDER.encode("certificate", { i2d_X509(OpaquePointer(last), $0) }) else {
            return .failure(PathFailure(code: -1, reason: "OpenSSL verified a path it cannot return"))
        }
        return .success(der)
    }

    /// Why OpenSSL refused a path: its `X509_V_ERR_` code and reason.
    struct PathFailure: Error {
        let code: Int32
        let reason: String

        /// OpenSSL's own profile checks refused a certificate: a CA flag or key usage that does
        /// not fit its place in the path, an unknown critical extension.
        var isProfile: Bool {
            [X509_V_ERR_INVALID_CA, X509_V_ERR_INVALID_NON_CA, X509_V_ERR_INVALID_EXTENSION, X509_V_ERR_KEYUSAGE_NO_CERTSIGN,
             X509_V_ERR_KEYUSAGE_NO_CRL_SIGN, X509_V_ERR_PATH_LENGTH_EXCEEDED, X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION,
             X509_V_ERR_MISSING_AUTHORITY_KEY_IDENTIFIER, X509_V_ERR_MISSING_SUBJECT_KEY_IDENTIFIER].contains(code)
        }
        /// The path failed on a certificate's validity period.
        var isValidityPeriod: Bool { code == X509_V_ERR_CERT_HAS_EXPIRED || code == X509_V_ERR_CERT_NOT_YET_VALID }
    }
}
