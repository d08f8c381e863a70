import Foundation
import IDCore
import Testing

/// DCQL queries (OpenID4VP 1.0 section 6): the specification's examples read and write back,
/// and every rule of the text is enforced with `invalid-dcql-query`.
@Suite("DCQL queries: the specification's examples, and every rule of section 6")
struct DCQLQueryTests {
    /// The examples of OpenID4VP 1.0 (section 6.5 and appendix D), as published.
    static let examples: [String: String] = [
        "simple": #"{"credentials":[{"id":"my_credential","format":"dc+sd-jwt","meta":{"vct_values":["https://credentials.example.com/identity_credential"]},"claims":[{"path":["family_name"]},{"path":["given_name"]},{"path":["address","street_address"]}]}]}"#,
        "simple_mdoc": #"{"credentials":[{"id":"my_credential","format":"mso_mdoc","meta":{"doctype_value":"org.iso.7367.1.mVRC"},"claims":[{"path":["org.iso.7367.1","vehicle_holder"]},{"path":["org.iso.18013.5.1","given_name"]}]}]}"#,
        "multi_credentials": #"{"credentials":[{"id":"pid","format":"dc+sd-jwt","meta":{"vct_values":["https://credentials.example.com/identity_credential"]},"claims":[{"path":["given_name"]},{"path":["family_name"]},{"path":["address","street_address"]}]},{"id":"mdl","format":"mso_mdoc","meta":{"doctype_value":"org.iso.7367.1.mVRC"},"claims":[{"path":["org.iso.7367.1","vehicle_holder"]},{"path":["org.iso.18013.5.1","given_name"]}]}]}"#,
        "credentials_alternatives": #"{"credentials":[{"id":"pid","format":"dc+sd-jwt","meta":{"vct_values":["https://credentials.example.com/identity_credential"]},"claims":[{"path":["given_name"]},{"path":["family_name"]},{"path":["address","street_address"]}]},{"id":"other_pid","format":"dc+sd-jwt","meta":{"vct_values":["https://othercredentials.example/pid"]},"claims":[{"path":["given_name"]},{"path":["family_name"]},{"path":["address","street_address"]}]},{"id":"pid_reduced_cred_1","format":"dc+sd-jwt","meta":{"vct_values":["https://credentials.example.com/reduced_identity_credential"]},"claims":[{"path":["family_name"]},{"path":["given_name"]}]},{"id":"pid_reduced_cred_2","format":"dc+sd-jwt","meta":{"vct_values":["https://cred.example/residence_credential"]},"claims":[{"path":["postal_code"]},{"path":["locality"]},{"path":["region"]}]},{"id":"nice_to_have","format":"dc+sd-jwt","meta":{"vct_values":["https://company.example/company_rewards"]},"claims":[{"path":["rewards_number"]}]}],"credential_sets":[{"options":[["pid"],["other_pid"],["pid_reduced_cred_1","pid_reduced_cred_2"]]},{"required":false,"options":[["nice_to_have"]]}]}"#,
        "complex_mdoc": #"{"credentials":[{"id":"mdl-id","format":"mso_mdoc","meta":{"doctype_value":"org.iso.18013.5.1.mDL"},"claims":[{"id":"given_name","path":["org.iso.18013.5.1","given_name"]},{"id":"family_name","path":["org.iso.18013.5.1","family_name"]},{"id":"portrait","path":["org.iso.18013.5.1","portrait"]}]},{"id":"mdl-address","format":"mso_mdoc","meta":{"doctype_value":"org.iso.18013.5.1.mDL"},"claims":[{"id":"resident_address","path":["org.iso.18013.5.1","resident_address"]},{"id":"resident_country","path":["org.iso.18013.5.1","resident_country"]}]},{"id":"photo_card-id","format":"mso_mdoc","meta":{"doctype_value":"org.iso.23220.photoid.1"},"claims":[{"id":"given_name","path":["org.iso.18013.5.1","given_name"]},{"id":"family_name","path":["org.iso.18013.5.1","family_name"]},{"id":"portrait","path":["org.iso.18013.5.1","portrait"]}]},{"id":"photo_card-address","format":"mso_mdoc","meta":{"doctype_value":"org.iso.23220.photoid.1"},"claims":[{"id":"resident_address","path":["org.iso.18013.5.1","resident_address"]},{"id":"resident_country","path":["org.iso.18013.5.1","resident_country"]}]}],"credential_sets":[{"options":[["mdl-id"],["photo_card-id"]]},{"required":false,"options":[["mdl-address"],["photo_card-address"]]}]}"#,
        "claims_alternatives": #"{"credentials":[{"id":"pid","format":"dc+sd-jwt","meta":{"vct_values":["https://credentials.example.com/identity_credential"]},"claims":[{"id":"a","path":["family_name"]},{"id":"b","path":["postal_code"]},{"id":"c","path":["locality"]},{"id":"d","path":["region"]},{"id":"e","path":["date_of_birth"]}],"claim_sets":[["a","c","d","e"],["a","b","e"]]}]}"#,
        "value_matching_simple": #"{"credentials":[{"id":"my_credential","format":"dc+sd-jwt","meta":{"vct_values":["https://credentials.example.com/identity_credential"]},"claims":[{"path":["family_name"],"values":["Doe"]},{"path":["given_name"]},{"path":["address","street_address"]},{"path":["postal_code"],"values":["90210","90211"]}]}]}"#,
    ]

    @Test("Every example of the specification reads, keeps what it says, and writes back to the same query")
    func examplesRoundTrip() throws {
        for (name, text) in Self.examples {
            let query = try DCQLQuery(json: text)
            #expect(try DCQLQuery(query.jsonValue) == query, "\(name)")
            #expect(try JSONValue(parsing: Array(text.utf8)) == query.jsonValue, "\(name) writes back as published")
        }
        let example = { (name: String) in try DCQLQuery(json: Self.examples[name] ?? "") }
        let alternatives = try example("credentials_alternatives")
        #expect(alternatives.credentialSets?.map(\.required) == [true, false])
        #expect(alternatives.credentialSets?.first?.options == [["pid"], ["other_pid"], ["pid_reduced_cred_1", "pid_reduced_cred_2"]])
        let mdoc = try #require(try example("simple_mdoc").credential("my_credential"))
        #expect(mdoc.format == .mdoc && mdoc.meta == .mdoc(docType: "org.iso.7367.1.mVRC") && mdoc.requiresCryptographicHolderBinding && !mdoc.multiple)
        #expect(mdoc.claims?.map(\.path) == [ClaimPath([.claim("org.iso.7367.1"), .claim("vehicle_holder")]), ClaimPath([.claim("org.iso.18013.5.1"), .claim("given_name")])])
        let values = try example("value_matching_simple").credentials[0].claims?.last?.values
        #expect(values == [.string("90210"), .string("90211")])
    }

    @Test("Paths of strings, nulls and indexes; unknown members ignored; the optional members read")
    func members() throws {
        let query = try DCQLQuery(json: #"""
        {"credentials":[{"id":"degrees","format":"dc+sd-jwt","multiple":true,"require_cryptographic_holder_binding":false,"future":{"x":1},
          "meta":{"vct_values":["urn:x"]},"trusted_authorities":[{"type":"aki","values":["s9tIpPmhxdiuNkHMEWNpYim8S8Y"]}],
          "claims":[{"path":["degrees",null,"type"],"values":[true,7]},{"path":["nationalities",1],"intent_to_retain":false}]}],"also_future":[]}
        """#)
        let credential = query.credentials[0]
        #expect(credential.multiple && !credential.requiresCryptographicHolderBinding)
        #expect(credential.trustedAuthorities == [try .init(type: "aki", values: ["s9tIpPmhxdiuNkHMEWNpYim8S8Y"])])
        #expect(credential.claims?.map(\.path) == [ClaimPath([.claim("degrees"), .anyElement, .claim("type")]), ClaimPath([.claim("nationalities"), .element(1)])])
        #expect(credential.claims?.first?.values == [.bool(true), .integer(7)])
        #expect(credential.claims?.last?.intentToRetain == false)
    }

    @Test("Every rule of section 6 broken is invalid-dcql-query, naming the rule")
    func rules() throws {
        let sdJWT = #""format":"dc+sd-jwt","meta":{"vct_values":["urn:x"]}"#
        let broken = [
            "[]", #"{"credentials":[]}"#, #"{"credentials":{}}"#, "not json",
            #"{"credentials":[{"id":"a",\#(sdJWT)},{"id":"a",\#(sdJWT)}]}"#,
            #"{"credentials":[{"id":"a b",\#(sdJWT)}]}"#, #"{"credentials":[{"id":"",\#(sdJWT)}]}"#,
            #"{"credentials":[{"id":"a","format":"dc+sd-jwt"}]}"#, #"{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{}}]}"#,
            #"{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{"vct_values":[]}}]}"#, #"{"credentials":[{"id":"a","format":"mso_mdoc","meta":{}}]}"#,
            #"{"credentials":[{"id":"a",\#(sdJWT),"claims":[]}]}"#, #"{"credentials":[{"id":"a",\#(sdJWT),"claims":[{"path":[]}]}]}"#,
            #"{"credentials":[{"id":"a",\#(sdJWT),"claims":[{"path":["x",-1]}]}]}"#, #"{"credentials":[{"id":"a",\#(sdJWT),"claims":[{"path":["x",1.5]}]}]}"#,
            #"{"credentials":[{"id":"a",\#(sdJWT),"claims":[{"path":["x"],"values":[]}]}]}"#, #"{"credentials":[{"id":"a",\#(sdJWT),"claims":[{"path":["x"],"values":[{"y":1}]}]}]}"#,
            #"{"credentials":[{"id":"a",\#(sdJWT),"claim_sets":[["x"]]}]}"#,
            #"{"credentials":[{"id":"a",\#(sdJWT),"claims":[{"id":"x","path":["x"]}],"claim_sets":[["y"]]}]}"#,
            #"{"credentials":[{"id":"a",\#(sdJWT),"claims":[{"id":"x","path":["x"]},{"path":["z"]}],"claim_sets":[["x"]]}]}"#,
            #"{"credentials":[{"id":"a",\#(sdJWT),"claims":[{"id":"x","path":["x"]},{"id":"x","path":["z"]}]}]}"#,
            #"{"credentials":[{"id":"a",\#(sdJWT),"claims":[{"id":"x","path":["x"]}],"claim_sets":[[]]}]}"#,
            #"{"credentials":[{"id":"a","format":"mso_mdoc","meta":{"doctype_value":"d"},"claims":[{"path":["ns"]}]}]}"#,
            #"{"credentials":[{"id":"a","format":"mso_mdoc","meta":{"doctype_value":"d"},"claims":[{"path":["ns","e",0]}]}]}"#,
            #"{"credentials":[{"id":"a",\#(sdJWT)}],"credential_sets":[]}"#, #"{"credentials":[{"id":"a",\#(sdJWT)}],"credential_sets":[{"options":[]}]}"#,
            #"{"credentials":[{"id":"a",\#(sdJWT)}],"credential_sets":[{"options":[["b"]]}]}"#,
            #"{"credentials":[{"id":"a",\#(sdJWT),"multiple":"yes"}]}"#,
            #"{"credentials":[{"id":"a",\#(sdJWT),"trusted_authorities":[{"type":"aki","values":[]}]}]}"#,
        ]
        for text in broken {
            #expect(throws: IDCoreError(.invalidDCQLQuery, ""), "\(text)") { try DCQLQuery(json: text) }
        }
    }
}
