/// A card field that is a JSON object whose members an issuer may make disclosable one by one
/// (`validity.start` and `validity.end`, `portrait.model_id` and `portrait.template`), so a
/// wallet may present only some of them.
///
/// The typed value needs every member; the members a wallet did disclose are still checked one
/// by one, so an issuer that signed an invalid `validity.end` is caught whichever members came.
protocol NestedClaimValue: Decodable {
    /// The names of the object's members, all of which the typed value needs.
    static var memberNames: [String] { get }

    /// Checks the value of one member on its own; throws the `IDCoreError` its full decoding
    /// would, for a member present in `object`.
    static func checkMember(_ name: String, of object: JSONObject, userInfo: [CodingUserInfoKey: Any]) throws
}
