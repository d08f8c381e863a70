/// Why a check refused a presentation: a stable machine ``code`` for programs and logs, an
/// engineer's ``detail`` in English, and a short ``message(in:)`` for the person at the desk, in
/// English or Simplified Chinese.
///
/// ```swift
/// for failure in outcome.failureReasons {
///     log.error("\(failure.code): \(failure.detail)")              // revoked: The credential has been revoked.
///     screen.show(failure.message(in: .simplifiedChinese))         // 该电子证照已被注销。
/// }
/// ```
///
/// The detail may name claims, keys and URIs of the credential but never a claim's value; the
/// message names nothing of the credential and is safe to show to a guest.
public struct VerificationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of refusal this is. The SDK's codes never change meaning; an integrator's
    /// policies make codes of their own with ``init(_:)``.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The code as written in logs and payloads, `nonce-not-redeemable`.
        public let rawValue: String

        /// A code of the integrator's own; choose names that cannot clash with the SDK's, such
        /// as a prefix of your own (`hotel-watch-list`).
        public init(_ rawValue: String) {
            self.rawValue = rawValue
        }

        public var description: String { rawValue }

        /// The presentation is not a well-formed SD-JWT (RFC 9901) or breaks one of its rules.
        public static let malformedPresentation = Code("presentation-malformed")
        /// The credential names no issuer (`iss`).
        public static let issuerMissing = Code("issuer-missing")
        /// The issuer is not on the trust list.
        public static let issuerNotTrusted = Code("issuer-not-trusted")
        /// The issuer has no trusted key with the JWT's `kid` (or no single key without one).
        public static let issuerKeyUnknown = Code("issuer-key-unknown")
        /// The issuer's key is not trusted for the JWT's algorithm.
        public static let issuerKeyAlgorithm = Code("issuer-key-algorithm")
        /// The issuer's key was not trusted when the credential was issued.
        public static let issuerKeyNotValidAtIssuance = Code("issuer-key-not-valid-at-issuance")
        /// The issuer's signature does not verify.
        public static let issuerSignatureInvalid = Code("issuer-signature-invalid")
        /// The credential has no `iat` and the verifier requires one.
        public static let issuedAtMissing = Code("issued-at-missing")
        /// The JWT's `typ` is not an accepted media type.
        public static let mediaTypeNotAccepted = Code("media-type-not-accepted")
        /// The credential has no `vct`.
        public static let credentialTypeMissing = Code("credential-type-missing")
        /// The credential's `vct` is not one this verifier accepts.
        public static let credentialTypeNotAccepted = Code("credential-type-not-accepted")
        /// The credential has expired.
        public static let expired = Code("expired")
        /// The credential has no `exp` and the verifier requires one.
        public static let expiryMissing = Code("expiry-missing")
        /// The credential is not valid yet (`nbf`).
        public static let notYetValid = Code("not-yet-valid")
        /// The credential's `iat` lies in the future.
        public static let issuedInFuture = Code("issued-in-future")
        /// A claim the request needs was not disclosed.
        public static let requiredClaimsMissing = Code("required-claims-missing")
        /// A disclosed value is invalid for its type (an identity number, a date).
        public static let claimValueInvalid = Code("claim-value-invalid")
        /// The presentation has no key-binding JWT.
        public static let keyBindingMissing = Code("key-binding-missing")
        /// The credential names no usable holder key (`cnf.jwk`).
        public static let holderKeyMissing = Code("holder-key-missing")
        /// The key-binding JWT is malformed or has the wrong `typ` or no `iat`.
        public static let keyBindingMalformed = Code("key-binding-malformed")
        /// The key-binding JWT is not signed by the holder key.
        public static let keyBindingSignatureInvalid = Code("key-binding-signature-invalid")
        /// The key-binding JWT is for another verifier (`aud`).
        public static let audienceMismatch = Code("audience-mismatch")
        /// The key-binding JWT's `nonce` is not the request's.
        public static let nonceMismatch = Code("nonce-mismatch")
        /// The key-binding JWT is too old or dated in the future.
        public static let keyBindingNotFresh = Code("key-binding-not-fresh")
        /// The key-binding JWT's `sd_hash` does not cover what was presented.
        public static let sdHashMismatch = Code("sd-hash-mismatch")
        /// The nonce was not issued here, has expired or was used before: a possible replay.
        public static let nonceNotRedeemable = Code("nonce-not-redeemable")
        /// The challenge store could not answer, so a replay cannot be ruled out.
        public static let challengeStoreUnavailable = Code("challenge-store-unavailable")
        /// The `status` claim is not a status list reference.
        public static let statusMalformed = Code("status-malformed")
        /// The status list location is not allowed for the issuer; it was not fetched.
        public static let statusLocationNotAllowed = Code("status-location-not-allowed")
        /// The credential has been revoked.
        public static let revoked = Code("revoked")
        /// The credential is suspended.
        public static let suspended = Code("suspended")
        /// The credential has a status other than valid, revoked or suspended.
        public static let otherStatus = Code("other-status")
        /// The credential's status could not be learnt and the verifier refuses on unknown status.
        public static let statusUnknown = Code("status-unknown")
        /// The mdoc response holds no document of the requested type.
        public static let documentNotReturned = Code("document-not-returned")
        /// The document signer's certificate does not chain to a trusted IACA.
        public static let certificateNotTrusted = Code("certificate-not-trusted")
        /// The document signer's or IACA's certificate is expired or not yet valid.
        public static let certificateNotValidAtTime = Code("certificate-not-valid-at-time")
        /// A certificate breaks the ISO/IEC 18013-5 Annex B profile.
        public static let certificateProfileViolation = Code("certificate-profile-violation")
        /// The document signer's certificate is on its IACA's CRL.
        public static let certificateRevoked = Code("certificate-revoked")
        /// The document signer's revocation could not be checked and a check is required.
        public static let certificateRevocationUnknown = Code("certificate-revocation-unknown")
        /// The MSO was signed outside the document signer certificate's validity.
        public static let signedOutsideCertificateValidity = Code("signed-outside-certificate-validity")
        /// The MSO is for another document type than the one presented.
        public static let documentTypeMismatch = Code("document-type-mismatch")
        /// A presented element is not the one the issuer signed: its digest is not the MSO's.
        public static let valueDigestMismatch = Code("value-digest-mismatch")
        /// The device's signature or MAC over the session does not verify.
        public static let deviceAuthenticationInvalid = Code("device-authentication-invalid")
        /// OpenID4VP: a presentation answers no credential query of the request, or one the
        /// credential sets do not ask for, or one more than the query allows.
        public static let presentationNotRequested = Code("presentation-not-requested")
        /// OpenID4VP: a presentation discloses a claim the request did not ask for.
        public static let claimNotRequested = Code("claim-not-requested")
        /// OpenID4VP: a requested claim does not have one of the values the request allows.
        public static let claimValueMismatch = Code("claim-value-mismatch")
    }

    /// The language of a message for the desk.
    public enum Language: String, Sendable, CaseIterable {
        /// English (`en`).
        case english = "en"
        /// Simplified Chinese (`zh-Hans`).
        case simplifiedChinese = "zh-Hans"
    }

    /// What kind of refusal this is.
    public let code: Code
    /// What exactly was wrong, in English for the engineer reading a log.
    public let detail: String
    private let messages: [Language: String]

    /// A failure with an SDK code, whose messages are the SDK's own.
    init(_ code: Code, _ detail: String) {
        self.init(code: code, detail: detail, messages: [:])
    }

    /// A failure of an integrator's policy, with the messages its desk shows; a language
    /// without a message shows the detail.
    public init(code: Code, detail: String, messages: [Language: String]) {
        self.code = code
        self.detail = detail
        self.messages = messages
    }

    /// A short sentence for the desk's screen, naming nothing of the credential.
    public func message(in language: Language) -> String {
        messages[language] ?? Self.standardMessages[code]?[language] ?? detail
    }

    /// `code: detail`.
    public var description: String { "\(code): \(detail)" }

    private static let standardMessages: [Code: [Language: String]] = {
        let table: [(Code, String, String)] = [
            (.malformedPresentation, "The ID presentation could not be read.", "无法读取出示的电子证照。"),
            (.issuerMissing, "The credential does not say who issued it.", "该电子证照未注明签发机关。"),
            (.issuerNotTrusted, "The credential was issued by an authority this desk does not trust.", "该电子证照的签发机关不在信任列表中。"),
            (.issuerKeyUnknown, "The issuing authority's key is not known here.", "签发机关的密钥未登记。"),
            (.issuerKeyAlgorithm, "The issuing authority's key may not be used this way.", "签发机关的密钥不可用于此签名算法。"),
            (.issuerKeyNotValidAtIssuance, "The issuing authority's key was not valid when the credential was issued.", "签发时签发机关的密钥不在有效期内。"),
            (.issuerSignatureInvalid, "The credential's signature is not genuine.", "电子证照签名验证失败。"),
            (.issuedAtMissing, "The credential does not say when it was issued.", "该电子证照未注明签发时间。"),
            (.mediaTypeNotAccepted, "This kind of credential is not accepted here.", "不接受此类型的电子证照。"),
            (.credentialTypeMissing, "The credential does not say what document it is.", "该电子证照未注明证照类型。"),
            (.credentialTypeNotAccepted, "This document is not accepted here.", "此处不接受该类证照。"),
            (.expired, "The credential has expired.", "该电子证照已过期。"),
            (.expiryMissing, "The credential has no expiry date.", "该电子证照未注明有效期。"),
            (.notYetValid, "The credential is not valid yet.", "该电子证照尚未生效。"),
            (.issuedInFuture, "The credential's issue date lies in the future.", "该电子证照的签发时间晚于当前时间。"),
            (.requiredClaimsMissing, "Some information this desk needs was not shared.", "未提供办理所需的全部信息。"),
            (.claimValueInvalid, "Some information in the credential is invalid.", "电子证照中的信息无效。"),
            (.keyBindingMissing, "The presentation was not confirmed on the holder's phone.", "出示未经持有人手机确认。"),
            (.holderKeyMissing, "The credential is not bound to a phone.", "该电子证照未绑定持有人设备。"),
            (.keyBindingMalformed, "The phone's confirmation could not be read.", "无法读取持有人设备的确认信息。"),
            (.keyBindingSignatureInvalid, "The presentation did not come from the holder's phone.", "出示并非来自持有人的设备。"),
            (.audienceMismatch, "The presentation was made for another desk.", "该出示是向其他单位作出的。"),
            (.nonceMismatch, "The presentation does not answer this desk's request.", "该出示与本次请求不符。"),
            (.keyBindingNotFresh, "The presentation is too old. Please present again.", "出示已超时，请重新出示。"),
            (.sdHashMismatch, "The presentation was altered after it was confirmed.", "出示内容在确认后被改动。"),
            (.nonceNotRedeemable, "This request has already been answered or has expired. Please present again.", "本次请求已使用或已过期，请重新出示。"),
            (.challengeStoreUnavailable, "The check cannot be completed right now. Please try again.", "暂时无法完成核验，请稍后重试。"),
            (.statusMalformed, "The credential's status cannot be read.", "无法读取电子证照的状态信息。"),
            (.statusLocationNotAllowed, "The credential's status cannot be checked here.", "无法在此核验电子证照的状态。"),
            (.revoked, "The credential has been revoked.", "该电子证照已被注销。"),
            (.suspended, "The credential is suspended.", "该电子证照已被暂停使用。"),
            (.otherStatus, "The credential is not in a valid state.", "该电子证照状态异常。"),
            (.statusUnknown, "The credential's status cannot be checked right now. Please try again.", "暂时无法核验电子证照状态，请稍后重试。"),
            (.documentNotReturned, "The requested document was not presented.", "未出示所需的证照。"),
            (.certificateNotTrusted, "The issuing authority's certificate is not from an authority this desk trusts.", "签发机关的证书并非由本处信任的机构颁发。"),
            (.certificateNotValidAtTime, "The issuing authority's certificate is not valid now.", "签发机关的证书当前无效。"),
            (.certificateProfileViolation, "The issuing authority's certificate may not sign this credential.", "签发机关的证书不可用于签发该证照。"),
            (.certificateRevoked, "The issuing authority's certificate has been revoked.", "签发机关的证书已被吊销。"),
            (.certificateRevocationUnknown, "The issuing authority's certificate cannot be checked right now. Please try again.", "暂时无法核验签发机关的证书，请稍后重试。"),
            (.signedOutsideCertificateValidity, "The credential was signed when the issuing authority's certificate was not valid.", "签发时签发机关的证书不在有效期内。"),
            (.documentTypeMismatch, "The credential is not the document it claims to be.", "电子证照类型与签发内容不符。"),
            (.valueDigestMismatch, "Some information was altered after it was issued.", "电子证照信息在签发后被改动。"),
            (.deviceAuthenticationInvalid, "The holder's phone did not confirm this presentation.", "持有人的设备未确认本次出示。"),
            (.presentationNotRequested, "A credential was presented that this desk did not ask for.", "出示了本次未请求的电子证照。"),
            (.claimNotRequested, "More information was shared than this desk asked for.", "共享的信息超出了本次请求的范围。"),
            (.claimValueMismatch, "Some information does not have the value this desk asked for.", "部分信息与本次请求要求的值不符。"),
        ]
        return Dictionary(uniqueKeysWithValues: table.map { ($0.0, [.english: $0.1, .simplifiedChinese: $0.2]) })
    }()

    /// The SDK's own codes, each with a message in every language (for tests and
    /// documentation).
    static var standardCodes: [Code] { Array(standardMessages.keys) }
}
