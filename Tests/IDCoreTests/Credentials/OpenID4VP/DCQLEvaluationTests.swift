import Foundation
import IDCore
import Testing

/// DCQL evaluation (OpenID4VP 1.0 section 6.4) of presentations the verifiers accepted: what
/// was asked, what was given, what is missing, and nothing accepted beyond what was asked.
@Suite("DCQL evaluation: what was asked, what was given, what is missing, and no more")
struct DCQLEvaluationTests {
    /// A virtual ID card presented with the hotel's claims (name, id_number, portrait,
    /// validity), verified with key binding.
    static func hotelPresentation() async throws -> DCQLPresentation {
        .sdJWTVC(try await hotelClaims(), holderBound: true)
    }

    static func hotelClaims() async throws -> DisclosedClaims {
        let fixture = try CredentialFixture()
        return try #require(await fixture.verifier().verify(try fixture.present(try fixture.issue())).claims)
    }

    static func cardQuery(_ id: String = "card", claims: String, extra: String = "") -> String {
        #"{"id":"\#(id)","format":"dc+sd-jwt","meta":{"vct_values":["\#(CredentialType.virtualIDCard)"]},"claims":[\#(claims)]\#(extra)}"#
    }

    static func query(_ credentials: String..., sets: String? = nil) throws -> DCQLQuery {
        try DCQLQuery(json: #"{"credentials":[\#(credentials.joined(separator: ","))]\#(sets.map { #","credential_sets":\#($0)"# } ?? "")}"#)
    }

    static let hotelClaims = #"{"path":["name"]},{"path":["id_number"]},{"path":["portrait"]},{"path":["validity"]}"#

    /// The failure codes of an evaluation, in order.
    static func codes(_ evaluation: DCQLEvaluation) -> [VerificationFailure.Code] {
        evaluation.failures.map(\.code)
    }

    @Test("An SD-JWT VC carrying exactly the claims asked for satisfies the query")
    func satisfied() async throws {
        let presented = try await Self.hotelPresentation()
        let evaluation = try Self.query(Self.cardQuery(claims: Self.hotelClaims)).evaluate(["card": [presented]])
        #expect(evaluation.isSatisfied, "\(evaluation.failures)")
        #expect(evaluation.result("card")?.isSatisfied == true && evaluation.result("card")?.presented == 1 && evaluation.result("card")?.claimSet == nil)
    }

    @Test("Claims: one not disclosed, one disclosed unasked, a value the request does not allow, and one that it does")
    func claims() async throws {
        let claims = try await Self.hotelClaims()
        let presented = DCQLPresentation.sdJWTVC(claims, holderBound: true)
        let missing = try Self.query(Self.cardQuery(claims: Self.hotelClaims + #",{"path":["address"]}"#)).evaluate(["card": [presented]])
        #expect(Self.codes(missing) == [.requiredClaimsMissing])
        #expect(missing.failures.first?.detail.contains("address") == true)
        let unasked = try Self.query(Self.cardQuery(claims: #"{"path":["name"]},{"path":["id_number"]}"#)).evaluate(["card": [presented]])
        #expect(Self.codes(unasked) == [.claimNotRequested])
        #expect(unasked.failures.first.map { $0.detail.contains("portrait") && $0.detail.contains("validity") } == true)

        let number = try #require(claims.all["id_number"]?.stringValue)
        let allowing = { (values: String) in Self.cardQuery(claims: #"{"path":["name"]},{"path":["id_number"],"values":[\#(values)]},{"path":["portrait"]},{"path":["validity"]}"#) }
        #expect(Self.codes(try Self.query(allowing(#""110101199003077777""#)).evaluate(["card": [presented]])) == [.claimValueMismatch])
        #expect(Self.codes(try Self.query(allowing(#"7, true, "\#(number)""#)).evaluate(["card": [presented]])).isEmpty)
    }

    @Test("Type, format and holder binding: another vct, an mdoc query, no key binding where it is required and where it is not")
    func typeAndBinding() async throws {
        let claims = try await Self.hotelClaims()
        let presented = DCQLPresentation.sdJWTVC(claims, holderBound: true)
        let otherType = #"{"id":"card","format":"dc+sd-jwt","meta":{"vct_values":["urn:eudi:pid:1"]},"claims":[\#(Self.hotelClaims)]}"#
        #expect(Self.codes(try Self.query(otherType).evaluate(["card": [presented]])) == [.credentialTypeNotAccepted])
        let mdoc = #"{"id":"card","format":"mso_mdoc","meta":{"doctype_value":"\#(SDKDocumentType.virtualIDCard.docType)"}}"#
        #expect(Self.codes(try Self.query(mdoc).evaluate(["card": [presented]])) == [.credentialTypeNotAccepted])

        let unbound = DCQLPresentation.sdJWTVC(claims, holderBound: false)
        #expect(Self.codes(try Self.query(Self.cardQuery(claims: Self.hotelClaims)).evaluate(["card": [unbound]])) == [.keyBindingMissing])
        let optional = Self.cardQuery(claims: Self.hotelClaims, extra: #","require_cryptographic_holder_binding":false"#)
        #expect(try Self.query(optional).evaluate(["card": [unbound]]).isSatisfied)
    }

    @Test("Presentations: none, two where one is allowed, two where multiple are, and one for no query")
    func presentations() async throws {
        let presented = try await Self.hotelPresentation()
        let query = try Self.query(Self.cardQuery(claims: Self.hotelClaims))
        #expect(Self.codes(query.evaluate([:])) == [.documentNotReturned])
        #expect(Self.codes(query.evaluate(["card": [presented, presented]])) == [.presentationNotRequested])
        #expect(try Self.query(Self.cardQuery(claims: Self.hotelClaims, extra: #","multiple":true"#)).evaluate(["card": [presented, presented]]).isSatisfied)
        #expect(Self.codes(query.evaluate(["card": [presented], "guest": [presented]])) == [.presentationNotRequested])
    }

    @Test("claim_sets: the set the presentation satisfies is named; none satisfied names what the first lacks")
    func claimSets() async throws {
        let presented = try await Self.hotelPresentation()
        let claims = #"{"id":"a","path":["name"]},{"id":"b","path":["address"]},{"id":"c","path":["id_number"]},{"id":"d","path":["portrait"]},{"id":"e","path":["validity"]}"#
        let second = try Self.query(Self.cardQuery(claims: claims, extra: #","claim_sets":[["a","b"],["a","c","d","e"]]"#)).evaluate(["card": [presented]])
        #expect(second.isSatisfied && second.result("card")?.claimSet == 1)
        let none = try Self.query(Self.cardQuery(claims: claims, extra: #","claim_sets":[["a","b"],["b","c"]]"#)).evaluate(["card": [presented]])
        #expect(Self.codes(none) == [.requiredClaimsMissing])
        // A set the presentation satisfies but discloses more than: the rest was not asked for.
        let smaller = try Self.query(Self.cardQuery(claims: claims, extra: #","claim_sets":[["a","c"]]"#)).evaluate(["card": [presented]])
        #expect(Self.codes(smaller) == [.claimNotRequested])
    }

    @Test("credential_sets: the option chosen, an optional set left out, a required one unanswered, an option presented beside the chosen one")
    func credentialSets() async throws {
        let presented = try await Self.hotelPresentation()
        let card = Self.cardQuery(claims: Self.hotelClaims), spare = Self.cardQuery("spare", claims: Self.hotelClaims)
        let pid = #"{"id":"pid","format":"dc+sd-jwt","meta":{"vct_values":["urn:eudi:pid:1"]},"claims":[{"path":["family_name"]}]}"#
        let query = try Self.query(card, spare, pid, sets: #"[{"options":[["card"],["spare"]]},{"required":false,"options":[["pid"]]}]"#)
        let chosen = query.evaluate(["card": [presented]])
        #expect(chosen.isSatisfied && chosen.credentialSets == [0, nil])
        #expect(query.evaluate(["spare": [presented]]).credentialSets == [1, nil])
        #expect(Self.codes(query.evaluate([:])) == [.documentNotReturned])
        #expect(Self.codes(query.evaluate(["card": [presented], "spare": [presented]])) == [.presentationNotRequested])
    }

    @Test("A claim another query of the request asks of the same type may be disclosed beside it")
    func claimsOfAnotherQuery() async throws {
        let presented = try await Self.hotelPresentation()
        let identity = Self.cardQuery(claims: #"{"path":["name"]},{"path":["id_number"]}"#)
        let photo = Self.cardQuery("photo", claims: #"{"path":["portrait"]},{"path":["validity"]}"#)
        #expect(try Self.query(identity, photo).evaluate(["card": [presented], "photo": [presented]]).isSatisfied)
    }

    @Test("An mdoc: the specification's mDL query, an element disclosed unasked, value matching on CBOR, another document type")
    func mdoc() async throws {
        let fixture = try MdocFixture()
        func verified(_ elements: Set<String>) async throws -> DCQLPresentation {
            let outcome = try await fixture.verifier().verify(try fixture.response(disclosing: elements).encoded(), for: MdocFixture.request(elements))
            return .mdoc(try #require(outcome.document))
        }
        let asked = try await verified(["given_name", "family_name", "portrait"])
        let complex = try DCQLQuery(json: try #require(DCQLQueryTests.examples["complex_mdoc"]))
        let evaluation = complex.evaluate(["mdl-id": [asked]])
        #expect(evaluation.isSatisfied && evaluation.credentialSets == [0, nil])
        // The element unasked, and so the required credential set unanswered.
        #expect(Self.codes(complex.evaluate(["mdl-id": [try await verified(MdocFixture.wanted)]])) == [.claimNotRequested, .documentNotReturned])
        #expect(Self.codes(complex.evaluate(["photo_card-id": [asked]])).contains(.credentialTypeNotAccepted))

        let namespace = MdocFixture.namespace
        let matching = { (values: String) in
            try Self.query(#"{"id":"mdl","format":"mso_mdoc","meta":{"doctype_value":"\#(MdocFixture.docType)"},"claims":[{"path":["\#(namespace)","family_name"],"values":[\#(values)]},{"path":["\#(namespace)","given_name"]},{"path":["\#(namespace)","portrait"]}]}"#)
        }
        #expect(try matching(#""Zhang""#).evaluate(["mdl": [asked]]).isSatisfied)
        #expect(Self.codes(try matching(#""Li", 1"#).evaluate(["mdl": [asked]])) == [.claimValueMismatch])
        let adult = try await verified(["age_over_18"])
        let age = try Self.query(#"{"id":"mdl","format":"mso_mdoc","meta":{"doctype_value":"\#(MdocFixture.docType)"},"claims":[{"path":["\#(namespace)","age_over_18"],"values":[true]}]}"#)
        #expect(age.evaluate(["mdl": [adult]]).isSatisfied)
    }
}

/// The wallet's side: what it selects for a query is what the verifier's evaluation accepts.
@Suite("DCQL selection: the wallet presents what the query asks, and the verifier accepts it")
struct DCQLSelectionTests {
    @Test("An SD-JWT VC: selected, presented with the chosen claims, verified and evaluated as satisfied; the claim set the card can answer")
    func sdJWT() async throws {
        let fixture = try CredentialFixture()
        let held = try fixture.issue()
        let claims = #"{"id":"a","path":["name"]},{"id":"x","path":["postal_code"]},{"id":"c","path":["id_number"]},{"id":"d","path":["portrait"]},{"id":"e","path":["validity"]}"#
        for query in [try DCQLEvaluationTests.query(DCQLEvaluationTests.cardQuery(claims: DCQLEvaluationTests.hotelClaims)),
                      try DCQLEvaluationTests.query(DCQLEvaluationTests.cardQuery(claims: claims, extra: #","claim_sets":[["a","x"],["a","c","d","e"]]"#))] {
            let selection = try #require(try query.select(from: [.sdJWTVC(held)]))
            let choice = try #require(selection.choices["card"]?.first)
            #expect(Set(choice.claims) == ["name", "id_number", "portrait", "validity"])
            let presented = try fixture.present(held, disclosing: Set(choice.claims))
            let outcome = await fixture.verifier().verify(presented)
            let evaluation = query.evaluate(["card": [.sdJWTVC(try #require(outcome.claims), holderBound: true)]])
            #expect(evaluation.isSatisfied, "\(evaluation.failures)")
            #expect(evaluation.result("card")?.claimSet == choice.claimSet)
        }
    }

    @Test("An mDL answers the specification's mDL-or-photo-ID query; the optional address set it cannot answer is left out")
    func mdoc() async throws {
        let fixture = try MdocFixture()
        let query = try DCQLQuery(json: try #require(DCQLQueryTests.examples["complex_mdoc"]))
        let selection = try #require(try query.select(from: [.mdoc(fixture.issued, docType: MdocFixture.docType)]))
        #expect(Array(selection.choices.keys) == ["mdl-id"])
        let elements = try #require(selection.choices["mdl-id"]?.first?.mdocElements)
        #expect(elements == [MdocFixture.namespace: ["given_name", "family_name", "portrait"]])
        let response = DeviceResponse(documents: [try MdocHolder.present(fixture.issued, docType: MdocFixture.docType, disclosing: elements,
                                                                         sessionTranscript: MdocFixture.transcript, deviceSigner: fixture.walletKey)])
        let outcome = try await fixture.verifier().verify(response.encoded(), for: MdocFixture.request(elements[MdocFixture.namespace] ?? []))
        #expect(query.evaluate(["mdl-id": [.mdoc(try #require(outcome.document))]]).isSatisfied)
    }

    @Test("Nothing is selected when a required credential is not held, a value does not match, or holder binding is missing; an alternative is")
    func unsatisfiable() throws {
        let fixture = try CredentialFixture()
        let held: [DCQLHeldCredential] = [.sdJWTVC(try fixture.issue())]
        let pid = #"{"id":"pid","format":"dc+sd-jwt","meta":{"vct_values":["urn:eudi:pid:1"]},"claims":[{"path":["family_name"]}]}"#
        let card = DCQLEvaluationTests.cardQuery(claims: DCQLEvaluationTests.hotelClaims)
        #expect(try DCQLEvaluationTests.query(pid, card).select(from: held) == nil)
        #expect(try DCQLEvaluationTests.query(card).select(from: []) == nil)
        #expect(try DCQLEvaluationTests.query(DCQLEvaluationTests.cardQuery(claims: #"{"path":["id_number"],"values":["000"]}"#)).select(from: held) == nil)
        let alternatives = try #require(try DCQLEvaluationTests.query(pid, card, sets: #"[{"options":[["pid"],["card"]]}]"#).select(from: held))
        #expect(Array(alternatives.choices.keys) == ["card"])
        let mdocKey = try MdocFixture()
        #expect(try DCQLEvaluationTests.query(card).select(from: [.mdoc(mdocKey.issued, docType: MdocFixture.docType)]) == nil)
    }
}
