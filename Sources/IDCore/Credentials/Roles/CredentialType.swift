/// The `vct` values of this SDK's credential types (SD-JWT VC), and the media type they travel
/// under.
public enum CredentialType {
    /// The virtual resident identity card.
    public static let virtualIDCard = "urn:cn:virtualidkit:vct:virtual-id-card:1"
    /// The electronic social-security card.
    public static let socialSecurityCard = "urn:cn:virtualidkit:vct:social-security-card:1"
    /// The JOSE `typ` of an SD-JWT VC (`application/dc+sd-jwt`).
    public static let sdJWTType = "dc+sd-jwt"
    /// The media type drafts of SD-JWT VC used before `dc+sd-jwt`, which a verifier accepts only
    /// when told to (``CredentialVerifier/Options/acceptsLegacyMediaType``).
    public static let legacySDJWTType = "vc+sd-jwt"
    /// The JOSE `typ` of a key-binding JWT.
    public static let keyBindingType = "kb+jwt"
    /// Claims an issuer sets itself and that the subject's claims may not use.
    static let registeredClaims: Set<String> = ["iss", "sub", "iat", "nbf", "exp", "vct", "cnf", "status", "_sd", "_sd_alg", "..."]
}
