import Foundation

/// The trust-list file: what an identity authority (or a national trust service) publishes so
/// that verifiers know its keys, when each may be used, and where its status lists live.
///
/// ```json
/// {
///   "issuers": [
///     {
///       "iss": "https://id.gz.gov.cn",
///       "status_list_locations": ["https://id.gz.gov.cn/status/"],
///       "jwks": {
///         "keys": [
///           {"kty": "EC", "crv": "P-256", "x": "…", "y": "…", "kid": "ctid-2026-01", "alg": "ES256",
///            "valid_from": 1767225600, "valid_until": 1798761599}
///         ]
///       }
///     }
///   ]
/// }
/// ```
///
/// Each issuer's keys are a JWKS (RFC 7517) whose keys may carry `valid_from` and `valid_until`,
/// NumericDates bounding the issuance times (`iat`) the key is trusted for (a rotation
/// publishes the next key with its `valid_from` ahead of time). `kid` defaults to the RFC 7638
/// thumbprint, `alg` to the key's own algorithm, `status_list_locations` to the issuer's
/// identifier followed by `/`. Unknown members are ignored, so the format can grow; a private
/// key (`d`), a repeated issuer or `kid`, an `alg` the key cannot sign with or a window that
/// ends before it starts is refused. The file is not signed: fetch it over HTTPS from the
/// authority, or check its signature with the authority's own scheme, before reading it.
extension TrustList {
    /// Reads a trust-list file; every failure is `malformed-credential`, naming the issuer and key.
    public init(publishedJSON data: some Collection<UInt8>) throws {
        guard let issuers = try JSONValue(parsing: data)["issuers"]?.arrayValue else {
            throw IDCoreError(.malformedCredential, "A trust list is an object whose 'issuers' is an array.")
        }
        var keys: [TrustedIssuerKey] = []
        var locations: [String: [String]] = [:]
        var seen: Set<String> = []
        for entry in issuers {
            guard let issuer = entry["iss"]?.stringValue, !issuer.isEmpty, let jwks = entry["jwks"]?["keys"]?.arrayValue else {
                throw IDCoreError(.malformedCredential, "Each trust-list issuer has an 'iss' and a 'jwks' with 'keys'.")
            }
            guard seen.insert(issuer).inserted else {
                throw IDCoreError(.malformedCredential, "Issuer '\(issuer)' appears twice in the trust list.")
            }
            if let listed = entry["status_list_locations"] {
                guard let prefixes = listed.arrayValue?.compactMap(\.stringValue), prefixes.count == listed.arrayValue?.count, !prefixes.contains("") else {
                    throw IDCoreError(.malformedCredential, "The 'status_list_locations' of '\(issuer)' must be non-empty strings.")
                }
                locations[issuer] = prefixes
            }
            let issuerKeys = try jwks.enumerated().map { try Self.trustedKey($1, issuer: issuer, position: $0) }
            guard Set(issuerKeys.map(\.keyID)).count == issuerKeys.count else {
                throw IDCoreError(.malformedCredential, "Issuer '\(issuer)' lists one 'kid' twice.")
            }
            keys += issuerKeys
        }
        self.init(keys, statusListLocations: locations)
    }

    /// The trust-list file of this list, with sorted members, for an authority to publish.
    public func publishedJSON() throws -> Data {
        let issuers = try trustedKeysByIssuer.sorted { $0.key < $1.key }.map { issuer, keys -> JSONValue in
            var entry: JSONObject = ["iss": .string(issuer), "jwks": .object(["keys": .array(try keys.map(Self.publishedKey))])]
            if let prefixes = statusListPrefixes(of: issuer) { entry["status_list_locations"] = .array(prefixes.map(JSONValue.string)) }
            return .object(entry)
        }
        return Data(JSONValue.object(["issuers": .array(issuers)]).serialized)
    }

    private static func trustedKey(_ member: JSONValue, issuer: String, position: Int) throws -> TrustedIssuerKey {
        let name = "key \(position + 1) of '\(issuer)'"
        let jwk: JSONWebKey
        do {
            jwk = try member.decoded(as: JSONWebKey.self)
        } catch {
            throw IDCoreError(.malformedCredential, "The trust list's \(name) is not a JWK: \((error as? IDCoreError)?.reason ?? "wrong member types").")
        }
        guard !jwk.isPrivate else { throw IDCoreError(.malformedCredential, "The trust list's \(name) holds a private key ('d'); publish public keys only.") }
        let key: VerificationKey
        do {
            key = try VerificationKey(jwk: jwk)
        } catch let error as IDCoreError {
            throw IDCoreError(.malformedCredential, "The trust list's \(name) is not a usable key: \(error.reason)")
        }
        var algorithms: Set<SignatureAlgorithm>?
        if let alg = jwk.algorithm {
            guard let algorithm = SignatureAlgorithm(rawValue: alg), algorithm == key.algorithm else {
                throw IDCoreError(.malformedCredential, "The trust list's \(name) names 'alg' \(alg), which its key does not sign with.")
            }
            algorithms = [algorithm]
        }
        let (from, until) = try (date(member["valid_from"], "valid_from", of: name), date(member["valid_until"], "valid_until", of: name))
        if let from, let until, until < from { throw IDCoreError(.malformedCredential, "The trust list's \(name) is valid until before it is valid from.") }
        return try TrustedIssuerKey(issuer: issuer, jwk: jwk, algorithms: algorithms, validFrom: from, validUntil: until)
    }

    private static func date(_ value: JSONValue?, _ member: String, of name: String) throws -> Date? {
        guard let value else { return nil }
        guard let date = value.numericDate else { throw IDCoreError(.malformedCredential, "The '\(member)' of the trust list's \(name) is not a NumericDate.") }
        return date
    }

    private static func publishedKey(_ key: TrustedIssuerKey) throws -> JSONValue {
        var members = try JSONValue(encoding: key.key.jwk).objectValue ?? [:]
        members["kid"] = .string(key.keyID)
        if key.algorithms.count == 1, let algorithm = key.algorithms.first { members["alg"] = .string(algorithm.joseName) }
        if let from = key.validFrom { members["valid_from"] = JSONValue(numericDate: from) }
        if let until = key.validUntil { members["valid_until"] = JSONValue(numericDate: until) }
        return .object(members)
    }
}
