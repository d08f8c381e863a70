import Foundation

/// Verifies SD-JWT VC presentations offline against a list of policies.
///
/// The structural checks of RFC 9901 always run first (`sd-jwt-structure`): a well-formed
/// issuer-signed JWT with a supported `alg` (never `none`) and no unknown `crit`, disclosures
/// that each belong to it exactly once, no digest repeated, no disclosed claim colliding with
/// another. Then each policy runs in order. The presentation is accepted only if nothing
/// failed. ``ClaimValuesPolicy`` decodes the disclosed values of the SDK's credential types, so
/// that an invalid value an issuer signed is caught by the verifier, not by the integrator.
///
/// ```swift
/// let verifier = CredentialVerifier(policies: [
///     TrustedIssuerPolicy(trustList: trustList),
///     CredentialTypePolicy(accepting: [CredentialType.virtualIDCard]),
///     RequiredClaimsPolicy(["name", "id_number", "portrait"]),
///     KeyBindingPolicy(nonce: request.nonce, audience: "hotel-4401-desk-3", nonceStore: nonces),
///     ValidityPeriodPolicy(clockSkew: 60),
///     StatusPolicy(resolver: statusLists),
///     ClaimValuesPolicy(),
/// ])
/// let outcome = await verifier.verify(presentation)
/// if outcome.isAccepted { let card = try outcome.claims!.virtualIDCard } else { print(outcome.failures) }
/// ```
public struct CredentialVerifier: Sendable {
    /// The name under which the SD-JWT structure check reports: parsing, digests, `_sd_alg`.
    public static let structureCheck = "sd-jwt-structure"

    /// The checks run after the structure check, in order.
    public let policies: [any VerificationPolicy]
    private let clock: @Sendable () -> Date

    /// Creates a verifier running `policies` in order; `clock` decides the current time.
    public init(policies: [any VerificationPolicy], clock: @escaping @Sendable () -> Date = Date.init) {
        self.policies = policies
        self.clock = clock
    }

    /// Verifies a presentation in compact form.
    public func verify(_ presentation: String) async -> VerificationOutcome {
        let candidate: PresentationUnderTest
        do {
            candidate = try prepare(SDJWTParts(splitting: Array(presentation.utf8)))
        } catch {
            let reason = (error as? IDCoreError)?.reason ?? "\(error)"
            let skipped = policies.map { VerificationOutcome.Check(name: $0.checkName, result: .notChecked(reason: "the SD-JWT is malformed")) }
            return VerificationOutcome(checks: [.init(name: Self.structureCheck, result: .failed(reason: reason))] + skipped, claims: nil)
        }
        var checks = [VerificationOutcome.Check(name: Self.structureCheck, result: .passed)]
        checks.reserveCapacity(1 + policies.count)
        for policy in policies {
            checks.append(.init(name: policy.checkName, result: await policy.evaluate(candidate)))
        }
        let claims = DisclosedClaims(all: candidate.claims, disclosedPaths: candidate.disclosedPaths)
        let failed = checks.contains { if case .failed = $0.result { true } else { false } }
        return VerificationOutcome(checks: checks, claims: failed ? nil : claims)
    }

    /// Verifies a presentation.
    public func verify(_ presentation: SDJWT) async -> VerificationOutcome {
        await verify(presentation.serialized)
    }

    private func prepare(_ parts: SDJWTParts) throws -> PresentationUnderTest {
        var jws = try CompactJWS(parsing: parts.issuerSignedJWT)
        let payload = jws.takePayload()
        let hash = try SelectiveDisclosureHash(claim: payload["_sd_alg"])
        let processed = try SelectiveDisclosureProcessor.process(payload: payload, disclosures: parts.disclosures, hash: hash)
        return PresentationUnderTest(
            header: jws.header, claims: processed.claims, disclosedPaths: processed.disclosurePaths.sorted(), now: clock(),
            issuerJWT: jws, keyBindingJWT: parts.keyBindingJWT, presentedWithoutKeyBinding: parts.withoutKeyBinding, hash: hash
        )
    }
}
