/// What a response's accepted presentations did with a DCQL query (OpenID4VP 1.0 section 6.4):
/// which credential queries they answered, with which claims, and everything that keeps the
/// response from satisfying the query.
///
/// A verifier accepts no more than it asked for. A presentation is refused when it answers no
/// credential query, when a query that allows one gets several, when its format or type is not
/// the query's, when it lacks the holder binding the query requires, when it does not carry
/// every claim of the query (or of one of its `claim_sets`) with an allowed value, and when it
/// discloses a selectively disclosable claim that neither that claim set nor another credential
/// query of the request for the same type asked for. The response is refused when a credential
/// query or a required credential set goes unanswered, and a presentation for a query outside
/// the credential sets' chosen options is one not asked for.
public struct DCQLEvaluation: Sendable {
    /// One credential query and what answered it.
    public struct CredentialResult: Sendable {
        /// The credential query's id.
        public let queryID: String
        /// How many presentations answered it.
        public let presented: Int
        /// The index of the claim set every presentation satisfied (the first that did), or
        /// nil when the query has no `claim_sets`.
        public let claimSet: Int?
        /// Why its presentations do not answer it; empty when they do.
        public let failures: [VerificationFailure]

        /// Whether at least one presentation answered the query and all of them did.
        public var isSatisfied: Bool { presented > 0 && failures.isEmpty }
    }

    /// One result per credential query, in the query's order.
    public let credentials: [CredentialResult]
    /// Per credential set, the index of the option chosen, or nil when none was answered in
    /// full; empty without credential sets.
    public let credentialSets: [Int?]
    /// Everything that keeps the response from satisfying the query, in order; empty when it does.
    public let failures: [VerificationFailure]

    /// Whether the presentations satisfy the query and carry nothing it did not ask for.
    public var isSatisfied: Bool { failures.isEmpty }

    /// The result of the credential query `id`.
    public func result(_ id: String) -> CredentialResult? {
        credentials.first { $0.queryID == id }
    }
}

extension DCQLQuery {
    /// Evaluates the accepted presentations of a response, keyed by credential query id as the
    /// `vp_token` keys them.
    public func evaluate(_ presentations: [String: [DCQLPresentation]]) -> DCQLEvaluation {
        var failures: [VerificationFailure] = presentations.keys.filter { credential($0) == nil }.sorted().map {
            VerificationFailure(.presentationNotRequested, "The vp_token answers \($0), which is no credential query of the request.")
        }
        let results = credentials.map { query in evaluate(query, presentations[query.id] ?? []) }
        failures += results.flatMap(\.failures)
        var chosen: [Int?] = []
        if let credentialSets {
            let answered = Set(results.filter(\.isSatisfied).map(\.queryID))
            var needed = Set<String>()
            for (number, set) in credentialSets.enumerated() {
                let option = set.options.firstIndex { $0.allSatisfy(answered.contains) }
                chosen.append(option)
                if let option { needed.formUnion(set.options[option]) }
                if option == nil, set.required {
                    failures.append(VerificationFailure(.documentNotReturned, "Credential set \(number + 1): none of its options (\(set.options.map { $0.joined(separator: " + ") }.joined(separator: ", "))) was presented in full."))
                }
            }
            // A query no option names is never asked for; an answered one outside the chosen
            // options is an option presented beside the one chosen. (A failed answer is
            // reported by its own failures.)
            let named = Set(credentialSets.flatMap { $0.options.joined() })
            for result in results where result.presented > 0 && !needed.contains(result.queryID) && (result.isSatisfied || !named.contains(result.queryID)) {
                failures.append(VerificationFailure(.presentationNotRequested, "\(result.queryID) was presented, but no chosen option of the credential sets asks for it."))
            }
        } else {
            for result in results where result.presented == 0 {
                failures.append(VerificationFailure(.documentNotReturned, "The credential query \(result.queryID) was not answered."))
            }
        }
        return DCQLEvaluation(credentials: results, credentialSets: chosen, failures: failures)
    }

    private func evaluate(_ query: DCQLCredentialQuery, _ presentations: [DCQLPresentation]) -> DCQLEvaluation.CredentialResult {
        var failures: [VerificationFailure] = []
        if presentations.count > 1, !query.multiple {
            failures.append(VerificationFailure(.presentationNotRequested, "\(query.id) allows one credential; \(presentations.count) were presented."))
        }
        var claimSet: Int?
        for (number, presentation) in presentations.enumerated() {
            let which = presentations.count > 1 ? "\(query.id) (presentation \(number + 1))" : query.id
            let view = presentation.view
            guard view.format == query.format, view.hasType(query.meta) else {
                failures.append(VerificationFailure(.credentialTypeNotAccepted, "\(which) is not a \(query.format) credential of the type its query asks for."))
                continue
            }
            if query.requiresCryptographicHolderBinding, !view.isHolderBound {
                failures.append(VerificationFailure(.keyBindingMissing, "\(which) requires cryptographic holder binding; the presentation has none."))
            }
            switch claims(of: view, for: query) {
            case .success(let option): claimSet = claimSet ?? option
            case .failure(let failure): failures.append(VerificationFailure(failure.code, "\(which): \(failure.detail)"))
            }
        }
        return DCQLEvaluation.CredentialResult(queryID: query.id, presented: presentations.count, claimSet: query.claimSets == nil ? nil : claimSet, failures: failures)
    }

    /// Section 6.4.1 on one presentation: the claim set it satisfies (its index; 0 without
    /// claim sets), or why it satisfies none or discloses more than asked.
    private func claims(of view: DCQLCredentialView, for query: DCQLCredentialQuery) -> Result<Int, VerificationFailure> {
        guard let satisfied = query.firstClaimSet(satisfiedBy: view) else {
            let first = (query.claimOptions.first ?? []).map { ($0.path.description, $0.match(in: view)) }
            let missing = first.filter { $0.1 == .missing }.map(\.0)
            let mismatched = first.filter { $0.1 == .otherValue }.map(\.0)
            let sets = query.claimSets == nil ? "" : " (none of its \(query.claimOptions.count) claim sets is satisfied; the first lacks these)"
            return .failure(missing.isEmpty
                ? VerificationFailure(.claimValueMismatch, "not a value the request allows: \(mismatched.joined(separator: ", "))\(sets).")
                : VerificationFailure(.requiredClaimsMissing, "not disclosed: \(missing.joined(separator: ", "))\(sets)."))
        }
        // Claims another credential query of this request asks of a credential of this type.
        let alsoAsked = credentials.filter { $0.id != query.id && $0.format == query.format && view.hasType($0.meta) }.flatMap { $0.claims ?? [] }
        let allowed = (query.claimOptions[satisfied] + alsoAsked).map(\.path)
        let extra = view.selectivelyDisclosable.filter { disclosed in !allowed.contains { $0.covers(disclosed) } }
        guard extra.isEmpty else {
            return .failure(VerificationFailure(.claimNotRequested, "disclosed without being asked for: \(extra.map(\.description).joined(separator: ", "))."))
        }
        return .success(satisfied)
    }
}

extension DCQLCredentialQuery {
    /// The combinations of claims asked for, the verifier's preferred first: each claim set, or
    /// every claim as the one combination (none when the query asks for no claims).
    var claimOptions: [[DCQLClaimsQuery]] {
        let claims = claims ?? []
        return claimSets.map { sets in sets.map { ids in ids.compactMap { id in claims.first { $0.id == id } } } } ?? [claims]
    }

    /// The first combination a credential carries in full (section 6.4.1), its index.
    func firstClaimSet(satisfiedBy view: DCQLCredentialView) -> Int? {
        claimOptions.firstIndex { $0.allSatisfy { $0.match(in: view) == .found } }
    }
}

extension DCQLClaimsQuery {
    enum Match {
        case found, missing, otherValue
    }

    /// Whether the credential has the claim, with one of the values asked for if any are.
    func match(in view: DCQLCredentialView) -> Match {
        guard let selected = view.select(path) else { return .missing }
        guard let values else { return .found }
        return selected.contains(where: values.contains) ? .found : .otherValue
    }
}
