/// A credential a wallet holds, as DCQL selects from it.
public enum DCQLHeldCredential: Sendable {
    /// An SD-JWT VC as issued, with every disclosure.
    case sdJWTVC(SDJWT)
    /// An mdoc as issued, every element with it.
    case mdoc(IssuerSigned, docType: String)

    func view() throws -> DCQLCredentialView {
        switch self {
        case .sdJWTVC(let credential):
            let processed = try CredentialHolder.processed(credential)
            return DCQLCredentialView(sdJWTClaims: processed.claims, selectivelyDisclosable: processed.disclosurePaths,
                                      holderBound: processed.claims["cnf"] != nil)
        case .mdoc(let issued, let docType):
            return DCQLCredentialView(docType: docType, elements: issued.elementValues)
        }
    }
}

/// What a wallet presents for a DCQL query (OpenID4VP 1.0 section 6.4): for each credential
/// query it answers, which held credentials and which of their claims, and nothing more.
public struct DCQLSelection: Sendable, Hashable {
    /// One held credential chosen for a credential query.
    public struct Choice: Sendable, Hashable {
        /// The credential's index in the list selected from.
        public let credential: Int
        /// The claim set chosen (the first the credential carries in full); nil when the query
        /// has no claim sets.
        public let claimSet: Int?
        /// The claims to disclose: claims path pointers, an mdoc's as namespace and element.
        public let claims: [ClaimPath]

        /// An mdoc's claims by namespace, as ``MdocHolder`` takes them.
        public var mdocElements: [String: Set<String>] {
            claims.reduce(into: [:]) { elements, path in
                guard let (namespace, element) = path.mdocElement else { return }
                elements[namespace, default: []].insert(element)
            }
        }
    }

    /// The choices by credential query id: one credential each, or all that match for a query
    /// with `multiple`.
    public let choices: [String: [Choice]]
}

extension DCQLQuery {
    /// The credentials of `held` to present, with the claims to disclose; nil when they cannot
    /// satisfy the query, in which case the wallet returns none (section 6.4.2).
    ///
    /// A credential answers a credential query when it has the query's format and type, the
    /// holder binding it requires, and every claim of one claim set with an allowed value (a
    /// claim of another value counts as absent); the first such claim set is chosen, as the
    /// verifier prefers it. Without credential sets every query must be answered; with them the
    /// first option of each set that can be answered in full is chosen, a required set without
    /// one fails the selection, and only the chosen options' queries are answered.
    public func select(from held: [DCQLHeldCredential]) throws -> DCQLSelection? {
        let views = try held.map { try $0.view() }
        var candidates: [String: [DCQLSelection.Choice]] = [:]
        for query in credentials {
            let answering = views.indices.compactMap { index -> DCQLSelection.Choice? in
                let view = views[index]
                guard view.format == query.format, view.hasType(query.meta), view.isHolderBound || !query.requiresCryptographicHolderBinding,
                      let set = query.firstClaimSet(satisfiedBy: view) else { return nil }
                return DCQLSelection.Choice(credential: index, claimSet: query.claimSets == nil ? nil : set, claims: query.claimOptions[set].map(\.path))
            }
            if !answering.isEmpty { candidates[query.id] = query.multiple ? answering : [answering[0]] }
        }
        guard let credentialSets else {
            return credentials.allSatisfy({ candidates[$0.id] != nil }) ? DCQLSelection(choices: candidates) : nil
        }
        var chosen: [String: [DCQLSelection.Choice]] = [:]
        for set in credentialSets {
            guard let option = set.options.first(where: { $0.allSatisfy { candidates[$0] != nil } }) else {
                if set.required { return nil }
                continue
            }
            for id in option { chosen[id] = candidates[id] }
        }
        return DCQLSelection(choices: chosen)
    }
}
