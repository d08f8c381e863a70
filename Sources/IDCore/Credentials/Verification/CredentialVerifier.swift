import Foundation

/// Verifies SD-JWT VC presentations offline, failing closed.
///
/// Built once per process with what it trusts and remembers: the issuers' keys (a
/// ``TrustList``), the credential types it accepts, the ``ChallengeStore`` of the nonces it
/// issues, and where status lists come from. Each presentation is verified against a
/// ``PresentationRequest``: the nonce issued for it, the verifier's audience, the claims needed.
///
/// The checks run in a fixed order, and nothing acts on a credential before its issuer's
/// signature has verified:
///
/// 1. `sd-jwt-structure`: RFC 9901's structure (a supported `alg`, never `none`, no unknown
///    `crit`, disclosures that belong to it exactly once, no digest repeated).
/// 2. `issuer-signature`: a key the trust list holds for the issuer, trusted for the algorithm
///    at the issuance time, and the signature. If it fails, every other check is reported not
///    checked: no nonce is redeemed and no status list fetched for a forged credential.
/// 3. `credential-type`, `validity-period`, `required-claims`, `claim-values`: local checks.
/// 4. `key-binding`: the holder's key-binding JWT over the request's nonce, which is redeemed
///    in the challenge store only once everything before has passed.
/// 5. `credential-status`: the status list, fetched only from a location the trust list
///    allows for the issuer.
/// 6. The integrator's own ``VerificationPolicy`` values, in order, once all of the above passed.
///
/// ```swift
/// let verifier = CredentialVerifier(trustList: trustList, acceptedTypes: [CredentialType.virtualIDCard],
///                                   challenges: sharedChallenges, statusLists: statusListSource)
/// let nonce = try await verifier.issueNonce()           // sent to the wallet with the request
/// let outcome = await verifier.verify(presentation, for: PresentationRequest(nonce: nonce, audience: "hotel-4401-desk-3",
///                                                                            requiredClaims: ["name", "id_number", "portrait"]))
/// if outcome.isAccepted { let card = try outcome.claims!.virtualIDCard } else { print(outcome.failures) }
/// ```
public struct CredentialVerifier: Sendable {
    /// The name under which the SD-JWT structure check reports: parsing, digests, `_sd_alg`.
    public static let structureCheck = "sd-jwt-structure"

    /// The choices made where SD-JWT VC leaves room.
    public let options: Options
    /// The integrator's own checks, run last.
    public let policies: [any VerificationPolicy]
    private let issuerSignature: IssuerSignatureCheck
    private let localChecks: [any VerificationPolicy]
    private let keyBinding: KeyBindingCheck
    private let status: StatusCheck
    private let challenges: any ChallengeStore
    private let trust: TrustListStore
    private let random: any RandomByteSource
    private let clock: @Sendable () -> Date

    /// A verifier whose trust list does not change while it runs; see
    /// ``init(trustList:acceptedTypes:challenges:statusLists:options:policies:random:clock:)-(TrustListStore,_,_,_,_,_,_,_)``
    /// for one that follows an authority's published list.
    public init(
        trustList: TrustList, acceptedTypes: Set<String>, challenges: any ChallengeStore, statusLists: (any StatusListSource)? = nil,
        statusListCache: (any StatusListTokenCache)? = nil, options: Options = Options(), policies: [any VerificationPolicy] = [], random: any RandomByteSource = SecureRandom(),
        clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.init(trustList: TrustListStore(trustList), acceptedTypes: acceptedTypes, challenges: challenges, statusLists: statusLists,
                  options: options, policies: policies, random: random, clock: clock)
    }

    /// - Parameters:
    ///   - trustList: the issuers and keys trusted, and where their status lists may be
    ///     fetched; read afresh for each verification, so replacing it rotates keys at once.
    ///   - acceptedTypes: the `vct` values accepted.
    ///   - challenges: the nonces this verifier issues; shared by every instance that may see
    ///     the presentation.
    ///   - statusLists: where status list tokens come from; without one, a credential that
    ///     carries a status is treated as of unknown status.
    ///   - statusListCache: status list tokens shared with the verifier's other instances.
    ///   - policies: further checks, run once every standard one has passed.
    public init(
        trustList: TrustListStore, acceptedTypes: Set<String>, challenges: any ChallengeStore, statusLists: (any StatusListSource)? = nil,
        statusListCache: (any StatusListTokenCache)? = nil, options: Options = Options(), policies: [any VerificationPolicy] = [], random: any RandomByteSource = SecureRandom(),
        clock: @escaping @Sendable () -> Date = Date.init
    ) {
        trust = trustList
        self.options = options
        self.policies = policies
        self.challenges = challenges
        self.random = random
        self.clock = clock
        issuerSignature = IssuerSignatureCheck(requiresIssuedAt: options.requiresIssuedAt)
        var local: [any VerificationPolicy] = [
            CredentialTypeCheck(acceptedTypes: acceptedTypes, acceptsLegacyMediaType: options.acceptsLegacyMediaType),
            ValidityPeriodCheck(clockSkew: options.clockSkew, requiresExpiry: options.requiresExpiry),
            RequiredClaimsCheck(),
        ]
        if options.checksClaimValues { local.append(ClaimValuesCheck()) }
        localChecks = local
        keyBinding = KeyBindingCheck(challenges: challenges, maximumAge: options.keyBindingMaximumAge, clockSkew: options.clockSkew)
        status = StatusCheck(resolver: statusLists.map { StatusListResolver(source: $0, sharedCache: statusListCache,
                                                                         maximumCacheAge: options.statusListMaximumCacheAge,
                                                                         staleIfErrorAge: options.statusListStaleIfErrorAge,
                                                                         clockSkew: options.clockSkew, clock: clock) },
                             onUnknown: options.unknownStatus)
    }

    /// A fresh nonce (128 random bits, base64url) for one presentation, recorded in the
    /// challenge store as redeemable once within the key-binding age.
    public func issueNonce() async throws -> String {
        let nonce = Base64URL.encode(try random.bytes(count: 16))
        let now = clock()
        try await challenges.issue(nonce, at: now, until: now.addingTimeInterval(options.keyBindingMaximumAge + options.clockSkew))
        return nonce
    }

    /// Verifies a presentation in compact form against the request it answers.
    public func verify(_ presentation: String, for request: PresentationRequest) async -> VerificationOutcome {
        let later: [any VerificationPolicy] = [issuerSignature] + localChecks + [keyBinding, status] + policies
        let candidate: PresentationUnderTest
        do {
            candidate = try prepare(SDJWTParts(splitting: Array(presentation.utf8)), request: request)
        } catch {
            let reason = (error as? IDCoreError)?.reason ?? "\(error)"
            return VerificationOutcome(checks: [.init(name: Self.structureCheck, result: .failed(VerificationFailure(.malformedPresentation, reason)))]
                + Self.skipped(later, "the SD-JWT is malformed"), claims: nil)
        }
        var checks = [VerificationOutcome.Check(name: Self.structureCheck, result: .passed)]
        checks.reserveCapacity(1 + later.count)
        let signature = await issuerSignature.evaluate(candidate)
        checks.append(.init(name: issuerSignature.checkName, result: signature))
        guard signature == .passed else {
            checks += Self.skipped(Array(later.dropFirst()), "the issuer's signature did not verify, so nothing else of the credential is trusted")
            return VerificationOutcome(checks: checks, claims: nil)
        }
        for check in localChecks { checks.append(.init(name: check.checkName, result: await check.evaluate(candidate))) }
        // What acts beyond the verifier (redeeming the nonce, fetching a status list, the
        // integrator's checks) runs only for a credential that nothing has failed so far.
        for check in [keyBinding, status] + policies {
            guard !checks.contains(where: \.failed) else {
                checks.append(.init(name: check.checkName, result: .notChecked(reason: "an earlier check failed")))
                continue
            }
            checks.append(.init(name: check.checkName, result: await check.evaluate(candidate)))
        }
        let accepted = !checks.contains(where: \.failed)
        return VerificationOutcome(checks: checks, claims: accepted ? DisclosedClaims(all: candidate.claims, disclosedPaths: candidate.disclosedPaths, verifiedAt: candidate.now) : nil)
    }

    /// Verifies a presentation against the request it answers.
    public func verify(_ presentation: SDJWT, for request: PresentationRequest) async -> VerificationOutcome {
        await verify(presentation.serialized, for: request)
    }

    private static func skipped(_ checks: [any VerificationPolicy], _ reason: String) -> [VerificationOutcome.Check] {
        checks.map { VerificationOutcome.Check(name: $0.checkName, result: .notChecked(reason: reason)) }
    }

    private func prepare(_ parts: SDJWTParts, request: PresentationRequest) throws -> PresentationUnderTest {
        var jws = try CompactJWS(parsing: parts.issuerSignedJWT)
        let payload = jws.takePayload()
        let hash = try SelectiveDisclosureHash(claim: payload["_sd_alg"])
        let processed = try SelectiveDisclosureProcessor.process(payload: payload, disclosures: parts.disclosures, hash: hash)
        return PresentationUnderTest(
            header: jws.header, claims: processed.claims, disclosedPaths: processed.disclosurePaths.sorted(), request: request, now: clock(),
            issuerJWT: jws, keyBindingJWT: parts.keyBindingJWT, presentedWithoutKeyBinding: parts.withoutKeyBinding, hash: hash,
            trustList: trust.current
        )
    }
}
