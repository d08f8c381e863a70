import Foundation

/// Verifies ISO/IEC 18013-5 DeviceResponses offline, failing closed, with the same per-check
/// outcome as ``CredentialVerifier`` gives SD-JWT VC.
///
/// The checks run in a fixed order, and nothing of a document is used before its issuer's
/// certificate and signature have verified:
///
/// 1. `mdoc-structure`: the response decodes within the decoder's limits, its status is OK,
///    it holds one document of the requested type, and the issuer's `x5chain` reads.
/// 2. `issuer-certificate`: the document signer chains to a trusted IACA under the Annex B
///    profile, unrevoked where a CRL is at hand (``IACATrust``).
/// 3. `issuer-signature`: `issuerAuth` verifies with the document signer's key and carries a
///    MobileSecurityObject. If this or the certificate fails, every other check is reported
///    not checked.
/// 4. `credential-type`: the MSO's document type is the presented one and an accepted one.
/// 5. `validity-period`: signed while the document signer's certificate was valid, and valid
///    now (`validFrom`, `validUntil`, with the clock skew allowed).
/// 6. `value-digests`: every presented element's `IssuerSignedItemBytes` has the digest the MSO
///    lists under its namespace and digest ID, and no namespace repeats a digest ID or element.
/// 7. `required-claims`: every element the request needs was disclosed.
/// 8. `device-authentication`: once all of the above passed, the device's signature with the
///    MSO's device key over `DeviceAuthentication` for the request's session transcript, or its
///    MAC with the key that device key agrees with the request's reader key.
/// 9. `credential-status`: for an MSO with a status list entry, once everything else passed,
///    the entry in the list, fetched only from a location the status trust list allows and
///    signed by a key it holds (the SD-JWT VC status machinery: caching, stale-if-error,
///    unknown treated as the options say).
/// 10. The integrator's own ``MdocVerificationPolicy`` values, in order, once all of the above
///    passed.
///
/// ```swift
/// let verifier = MdocVerifier(trust: try IACATrust(anchors: iacaRoots), acceptedDocTypes: [MobileDrivingLicence.docType])
/// let outcome = verifier.verify(responseBytes, for: MdocRequest(docType: MobileDrivingLicence.docType,
///                                                              requiredElements: [MobileDrivingLicence.namespace: ["family_name", "portrait"]],
///                                                              sessionTranscript: transcript))
/// ```
public struct MdocVerifier: Sendable {
    /// The name under which the structural check reports.
    public static let structureCheck = "mdoc-structure"
    static let later = ["issuer-certificate", "issuer-signature", "credential-type", "validity-period", "value-digests", "required-claims",
                        "device-authentication", "credential-status"]

    /// Where the status lists of mdocs come from, and whose lists are trusted: tokens signed by
    /// a key of `trustList`, fetched only from a location it allows for one of its issuers.
    public struct StatusLists: Sendable {
        let resolver: StatusListResolver
        let trustList: TrustList
        let onUnknown: CredentialVerifier.Options.UnknownStatus

        /// Status lists from `resolver`, trusted by `trustList`; a status that cannot be learnt
        /// refuses the document unless `onUnknown` accepts it.
        public init(resolver: StatusListResolver, trustList: TrustList, onUnknown: CredentialVerifier.Options.UnknownStatus = .reject) {
            self.resolver = resolver
            self.trustList = trustList
            self.onUnknown = onUnknown
        }
    }

    /// The IACAs trusted, and the CRLs at hand.
    public let trust: IACATrust
    /// The document types accepted.
    public let acceptedDocTypes: Set<String>
    /// How far the verifier's clock may be from the issuer's.
    public let clockSkew: TimeInterval
    /// The limits a response is decoded within.
    public let decoder: CBORDecoder
    /// Where status lists come from; without it a document with a status entry is of unknown
    /// status and refused.
    public let statusLists: StatusLists?
    /// The integrator's own checks, run last.
    public let policies: [any MdocVerificationPolicy]
    private let clock: @Sendable () -> Date
    private let signers: ValidatedSignerCache?

    /// A verifier trusting `trust` for `acceptedDocTypes`. A document signer's validation is
    /// reused for `certificateCacheAge` seconds at most, and never beyond the moment it would
    /// fail (0 validates every time).
    public init(trust: IACATrust, acceptedDocTypes: Set<String>, statusLists: StatusLists? = nil, policies: [any MdocVerificationPolicy] = [],
                clockSkew: TimeInterval = 60, certificateCacheAge: TimeInterval = 300, decoder: CBORDecoder = CBORDecoder(),
                clock: @escaping @Sendable () -> Date = Date.init) {
        self.trust = trust
        self.acceptedDocTypes = acceptedDocTypes
        self.statusLists = statusLists
        self.policies = policies
        self.clockSkew = clockSkew
        self.decoder = decoder
        self.clock = clock
        signers = certificateCacheAge > 0 ? ValidatedSignerCache(maximumAge: certificateCacheAge) : nil
    }

    /// Verifies an encoded DeviceResponse against the request it answers.
    public func verify(_ response: some Collection<UInt8>, for request: MdocRequest) async -> MdocVerificationOutcome {
        do {
            return await verify(try DeviceResponse(encoded: response, decoder: decoder), for: request)
        } catch {
            return refused(structure: (error as? IDCoreError)?.reason ?? "\(error)")
        }
    }

    /// Verifies a decoded DeviceResponse against the request it answers.
    public func verify(_ response: DeviceResponse, for request: MdocRequest) async -> MdocVerificationOutcome {
        let now = clock()
        guard response.status == DeviceResponse.statusOK else { return refused(structure: "The DeviceResponse's status is \(response.status), not 0 (OK).") }
        let candidates = response.documents.filter { $0.docType == request.docType }
        guard candidates.count <= 1 else { return refused(structure: "The DeviceResponse holds \(candidates.count) documents of type \(request.docType).") }
        guard let document = candidates.first else {
            let error = response.documentErrors[request.docType].map { " (document error \($0))" } ?? ""
            return refused(.documentNotReturned, "The DeviceResponse holds no \(request.docType) document\(error).")
        }
        // A document signer validated recently is found by its certificate's bytes, which are
        // then not parsed again.
        let cached: IACATrust.ValidatedSigner?
        let chain: [X509Certificate]
        do {
            let der = try document.issuerSigned.certificateChainDER()
            cached = signers?.signer(for: der[0], at: now)
            chain = cached == nil ? try der.map { try X509Certificate(derRepresentation: $0) } : []
        } catch {
            return refused(structure: (error as? IDCoreError)?.reason ?? "\(error)")
        }
        var checks = [VerificationOutcome.Check(name: Self.structureCheck, result: .passed)]

        let signer: IACATrust.ValidatedSigner
        switch cached.map(Result.success) ?? trust.validate(chain: chain, at: now) {
        case .failure(let failure):
            checks.append(.init(name: "issuer-certificate", result: .failed(VerificationFailure(Self.code(of: failure.reason), failure.detail))))
            return outcome(checks, skipping: Self.later.dropFirst(), "the issuer's certificate is not trusted, so nothing of the document is")
        case .success(let validated):
            signer = validated
            if cached == nil { signers?.store(validated, at: now) }
            checks.append(.init(name: "issuer-certificate", result: .passed))
        }
        let mso: MobileSecurityObject
        switch issuerSignature(document.issuerSigned, by: signer.documentSigner) {
        case .failure(let failure):
            checks.append(.init(name: "issuer-signature", result: .failed(failure)))
            return outcome(checks, skipping: Self.later.dropFirst(2), "the issuer's signature did not verify, so nothing else of the document is trusted")
        case .success(let signed):
            mso = signed
            checks.append(.init(name: "issuer-signature", result: .passed))
        }

        checks.append(.init(name: "credential-type", result: credentialType(mso, document: document, request: request)))
        checks.append(.init(name: "validity-period", result: validityPeriod(mso.validityInfo, signer: signer.documentSigner, now: now)))
        checks.append(.init(name: "value-digests", result: valueDigests(document.issuerSigned, mso: mso)))
        checks.append(.init(name: "required-claims", result: Self.requiredElements(document, request: request)))
        guard !checks.contains(where: \.failed) else {
            return outcome(checks, skipping: Self.later.suffix(2), "an earlier check failed")
        }
        let device = Self.deviceAuthentication(document, deviceKey: mso.deviceKey, request: request)
        checks.append(.init(name: "device-authentication", result: device))
        guard device == .passed else { return outcome(checks, skipping: Self.later.suffix(1), "an earlier check failed") }
        // Only a document that everything else vouches for makes the verifier fetch anything.
        let status = await status(of: mso)
        checks.append(.init(name: "credential-status", result: status))
        guard !status.isFailure else { return outcome(checks, skipping: [], "an earlier check failed") }
        let verified = MdocVerificationOutcome.VerifiedDocument(docType: mso.docType, elements: document.issuerSigned.elementValues, validityInfo: mso.validityInfo,
                                                                documentSigner: signer, verifiedAt: now, elementErrors: document.errors)
        for policy in policies {
            guard !checks.contains(where: \.failed) else {
                checks.append(.init(name: policy.checkName, result: .notChecked(reason: "an earlier check failed")))
                continue
            }
            checks.append(.init(name: policy.checkName, result: await policy.evaluate(verified)))
        }
        return MdocVerificationOutcome(checks: checks, document: checks.contains(where: \.failed) ? nil : verified)
    }

    private func issuerSignature(_ issued: IssuerSigned, by certificate: X509Certificate) -> Result<MobileSecurityObject, VerificationFailure> {
        guard let key = certificate.publicKey else {
            return .failure(VerificationFailure(.issuerKeyAlgorithm, "The document signer's key is not a P-256, P-384, Ed25519 or SM2 key."))
        }
        do {
            guard try issued.issuerAuth.isValidSignature(by: key) else {
                return .failure(VerificationFailure(.issuerSignatureInvalid, "issuerAuth does not verify with the key of \(certificate.subject)."))
            }
        } catch {
            return .failure(VerificationFailure(.issuerSignatureInvalid, (error as? IDCoreError)?.reason ?? "\(error)"))
        }
        do {
            return .success(try issued.unverifiedMobileSecurityObject(decoder: decoder))
        } catch {
            return .failure(VerificationFailure(.malformedPresentation, "The signed MobileSecurityObject is malformed: \((error as? IDCoreError)?.reason ?? "\(error)")"))
        }
    }

    private func credentialType(_ mso: MobileSecurityObject, document: DeviceResponse.Document, request: MdocRequest) -> CheckResult {
        guard mso.docType == document.docType else {
            return .failed(VerificationFailure(.documentTypeMismatch, "The MSO is for \(mso.docType), the document says \(document.docType)."))
        }
        guard acceptedDocTypes.contains(mso.docType) else {
            return .failed(VerificationFailure(.credentialTypeNotAccepted, "\(mso.docType) is not an accepted document type."))
        }
        return .passed
    }

    private func validityPeriod(_ validity: MobileSecurityObject.ValidityInfo, signer: X509Certificate, now: Date) -> CheckResult {
        guard signer.isValid(at: validity.signed) else {
            return .failed(VerificationFailure(.signedOutsideCertificateValidity, "The MSO was signed at \(validity.signed), outside \(signer.notBefore) – \(signer.notAfter)."))
        }
        guard validity.signed <= now.addingTimeInterval(clockSkew) else {
            return .failed(VerificationFailure(.issuedInFuture, "The MSO was signed at \(validity.signed), after now (\(now))."))
        }
        guard validity.validFrom <= now.addingTimeInterval(clockSkew) else {
            return .failed(VerificationFailure(.notYetValid, "The MSO is valid from \(validity.validFrom)."))
        }
        guard now.addingTimeInterval(-clockSkew) <= validity.validUntil else {
            return .failed(VerificationFailure(.expired, "The MSO was valid until \(validity.validUntil)."))
        }
        return .passed
    }

    private func valueDigests(_ issued: IssuerSigned, mso: MobileSecurityObject) -> CheckResult {
        for space in issued.nameSpaces {
            guard let digests = mso.valueDigests[space.namespace] else {
                return .failed(VerificationFailure(.valueDigestMismatch, "The MSO lists no digests for namespace \(space.namespace)."))
            }
            guard Set(space.items.map(\.digestID)).count == space.items.count, Set(space.items.map(\.elementIdentifier)).count == space.items.count else {
                return .failed(VerificationFailure(.malformedPresentation, "Namespace \(space.namespace) repeats a digest ID or an element."))
            }
            for item in space.items {
                guard let expected = digests[item.digestID], let actual = try? mso.digestAlgorithm.hash(item.taggedBytes),
                      ConstantTime.equals(expected, actual) else {
                    return .failed(VerificationFailure(.valueDigestMismatch, "Element \(space.namespace)/\(item.elementIdentifier) is not what the issuer signed under digest ID \(item.digestID)."))
                }
            }
        }
        return .passed
    }

    private static func requiredElements(_ document: DeviceResponse.Document, request: MdocRequest) -> CheckResult {
        let missing = request.requiredElements.flatMap { namespace, wanted in
            let disclosed = Set(document.issuerSigned.nameSpaces.filter { $0.namespace == namespace }.flatMap { $0.items.map(\.elementIdentifier) })
            return wanted.subtracting(disclosed).map { "\(namespace)/\($0)" }
        }.sorted()
        return missing.isEmpty ? .passed : .failed(VerificationFailure(.requiredClaimsMissing, "Not disclosed: \(missing.joined(separator: ", "))."))
    }

    private static func deviceAuthentication(_ document: DeviceResponse.Document, deviceKey: COSEKey, request: MdocRequest) -> CheckResult {
        let signed = DeviceSigned.authenticationBytes(sessionTranscript: request.sessionTranscript, docType: document.docType,
                                                      nameSpacesBytes: document.deviceSigned.nameSpacesBytes)
        switch document.deviceSigned.authentication {
        case .mac(let mac):
            guard let readerKey = request.readerKey else {
                return .failed(VerificationFailure(.deviceAuthenticationInvalid, "The device authenticated by MAC; the request holds no reader key to check it with."))
            }
            guard let key = deviceKey.publicKey, mac.payload == nil, (try? mac.hash) == .sha256 else {
                return .failed(VerificationFailure(.deviceAuthenticationInvalid, "deviceMac is HMAC 256/256 with DeviceAuthentication detached, under a P-256 device key."))
            }
            let valid = (try? mac.isValid(key: DeviceSigned.macKey(agreeing: readerKey, with: key, sessionTranscript: request.sessionTranscript),
                                          detachedPayload: signed)) ?? false
            return valid ? .passed : .failed(VerificationFailure(.deviceAuthenticationInvalid, "deviceMac does not verify over this session's DeviceAuthentication with this reader's key."))
        case .signature(let signature):
            guard let key = deviceKey.publicKey else {
                return .failed(VerificationFailure(.deviceAuthenticationInvalid, "The MSO's device key is not a signature key."))
            }
            guard signature.payload == nil else {
                return .failed(VerificationFailure(.deviceAuthenticationInvalid, "deviceSignature carries a payload; 18013-5 detaches DeviceAuthentication."))
            }
            let valid = (try? signature.isValidSignature(by: key, detachedPayload: signed)) ?? false
            return valid ? .passed : .failed(VerificationFailure(.deviceAuthenticationInvalid, "deviceSignature does not verify over this session's DeviceAuthentication."))
        }
    }

    private func status(of mso: MobileSecurityObject) async -> CheckResult {
        guard let status = mso.status else { return .notChecked(reason: "The MSO carries no status.") }
        guard let reference = StatusListReference(mdocStatus: status) else {
            return .failed(VerificationFailure(.statusMalformed, "The MSO's status is not a status list reference (status_list with idx and uri)."))
        }
        guard let statusLists else {
            return StatusCheck.result(of: .unknown(reason: "this verifier has no status list source"), onUnknown: .reject)
        }
        guard statusLists.trustList.allowsStatusListOfAnyIssuer(at: reference.uri) else {
            return .failed(VerificationFailure(.statusLocationNotAllowed, "The status list location is not one the trust list allows; it was not fetched."))
        }
        return StatusCheck.result(of: await statusLists.resolver.status(of: reference, trustList: statusLists.trustList), onUnknown: statusLists.onUnknown)
    }

    private static func code(of reason: IACATrust.Failure.Reason) -> VerificationFailure.Code {
        switch reason {
        case .notTrusted: .certificateNotTrusted
        case .notValidAtTime: .certificateNotValidAtTime
        case .profile: .certificateProfileViolation
        case .revoked: .certificateRevoked
        case .revocationUnknown: .certificateRevocationUnknown
        }
    }

    private func refused(structure reason: String) -> MdocVerificationOutcome {
        refused(.malformedPresentation, reason)
    }

    private func refused(_ code: VerificationFailure.Code, _ reason: String) -> MdocVerificationOutcome {
        outcome([.init(name: Self.structureCheck, result: .failed(VerificationFailure(code, reason)))], skipping: Self.later[...], "the response could not be read")
    }

    /// A refusal: the checks that ran, then the standard checks `names` and every policy as not
    /// checked, for `reason`.
    private func outcome(_ checks: [VerificationOutcome.Check], skipping names: ArraySlice<String>, _ reason: String) -> MdocVerificationOutcome {
        MdocVerificationOutcome(checks: checks + (names + policies.map(\.checkName)).map { .init(name: $0, result: .notChecked(reason: reason)) }, document: nil)
    }
}
