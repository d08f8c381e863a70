/// `required-claims`: every claim the request needs was disclosed (or is in plain view).
struct RequiredClaimsCheck: VerificationPolicy {
    let checkName = "required-claims"

    func evaluate(_ presentation: PresentationUnderTest) async -> CheckResult {
        let claims = JSONValue.object(presentation.claims)
        let missing = presentation.request.requiredClaims.filter { claims.value(at: $0) == nil }
        return missing.isEmpty ? .passed : .failed(.init(.requiredClaimsMissing, "Required claims not disclosed: \(missing.map(\.description).joined(separator: ", "))."))
    }
}

extension JSONValue {
    /// The value at `path`, following object members and array indexes.
    func value(at path: ClaimPath) -> JSONValue? {
        path.components.reduce(Optional(self)) { value, component in
            switch component {
            case .claim(let name): value?[name]
            case .element(let index): value?.arrayValue.flatMap { $0.indices.contains(index) ? $0[index] : nil }
            case .anyElement: value?.arrayValue?.first
            }
        }
    }
}
