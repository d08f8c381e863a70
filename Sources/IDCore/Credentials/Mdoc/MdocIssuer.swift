import Foundation

/// The issuing authority's side of ISO/IEC 18013-5 (for the SDK's own issuers, tests and
/// examples): data elements salted and digested into a MobileSecurityObject, signed with a
/// document signer's key, its certificate chain in the `x5chain` header.
///
/// ```swift
/// let issuer = try MdocIssuer(signer: documentSignerKey, certificateChain: [documentSignerCertificate])
/// let issued = try issuer.issue(docType: MobileDrivingLicence.docType,
///                               nameSpaces: [(MobileDrivingLicence.namespace, [("family_name", "Zhang"), ("given_name", "Min")])],
///                               deviceKey: walletKey.publicKey, validity: validity)
/// ```
public struct MdocIssuer: Sendable {
    /// The document signer's key, in memory or in an HSM.
    public let signer: any MessageSigner
    /// The document signer's certificate first, then any certificates a verifier may need.
    public let certificateChain: [X509Certificate]
    /// The hash of the value digests.
    public let digestAlgorithm: HashFunction
    private let random: any RandomByteSource

    /// An issuer signing with `signer`, whose key the first certificate of the chain certifies.
    public init(signer: any MessageSigner, certificateChain: [X509Certificate], digestAlgorithm: HashFunction = .sha256,
                random: any RandomByteSource = SecureRandom()) throws {
        guard let first = certificateChain.first, first.publicKey == signer.publicKey else {
            throw IDCoreError(.invalidParameter, "The first certificate of an mdoc issuer's chain certifies its signing key.")
        }
        guard digestAlgorithm != .sm3 else { throw IDCoreError(.invalidParameter, "18013-5 digests are SHA-256, SHA-384 or SHA-512.") }
        self.signer = signer
        self.certificateChain = certificateChain
        self.digestAlgorithm = digestAlgorithm
        self.random = random
    }

    /// Issues a document: each element gets a 128-bit random salt and a digest ID unique in
    /// its namespace, in random order so that IDs reveal nothing of the elements; the MSO binds
    /// `deviceKey`, `docType`, `validity` and, when given, the document's entry in a status list
    /// (``StatusListAuthority/allocate()``), as the status-list draft binds it to an MSO.
    public func issue(docType: String, nameSpaces: [(namespace: String, elements: [(identifier: String, value: CBORValue)])], deviceKey: VerificationKey,
                      validity: MobileSecurityObject.ValidityInfo, status: StatusListReference? = nil) throws -> IssuerSigned {
        guard validity.validFrom <= validity.validUntil else { throw IDCoreError(.invalidParameter, "An MSO's validFrom must not follow its validUntil.") }
        guard FourDigitYears.contain([validity.signed, validity.validFrom, validity.validUntil] + (validity.expectedUpdate.map { [$0] } ?? [])) else {
            throw IDCoreError(.invalidParameter, "An MSO's dates lie between the years 1 and 9999, as a tdate can write them.")
        }
        var spaces: [(namespace: String, items: [IssuerSignedItem])] = []
        var digests: [String: [UInt64: [UInt8]]] = [:]
        for (namespace, elements) in nameSpaces {
            guard Set(elements.map(\.identifier)).count == elements.count, !elements.isEmpty else {
                throw IDCoreError(.invalidParameter, "Namespace \(namespace) names each element once, and at least one.")
            }
            let identifiers = try shuffledIdentifiers(count: elements.count)
            let items = try zip(elements, identifiers).map { element, digestID in
                IssuerSignedItem(digestID: digestID, random: Array(try random.bytes(count: 16)), elementIdentifier: element.identifier, elementValue: element.value)
            }
            for item in items { digests[namespace, default: [:]][item.digestID] = Array(try digestAlgorithm.hash(item.taggedBytes)) }
            spaces.append((namespace, items))
        }
        let mso = MobileSecurityObject(digestAlgorithm: digestAlgorithm, valueDigests: digests, deviceKey: COSEKey(publicKey: deviceKey), docType: docType,
                                       validityInfo: validity, status: status?.mdocStatus)
        let chain = certificateChain.map { CBORValue.bytes(Array($0.derRepresentation)) }
        let payload = CBOREncoder.encodeEmbedded(CBOREncoder.encode(mso.cborValue))
        let issuerAuth = try COSESign1.sign(payload, unprotected: [IssuerSigned.x5chainLabel: chain.count == 1 ? chain[0] : .array(chain)], signer: signer)
        return IssuerSigned(nameSpaces: spaces, issuerAuth: issuerAuth)
    }

    /// `0..<count` in an order drawn from the random source (Fisher–Yates).
    private func shuffledIdentifiers(count: Int) throws -> [UInt64] {
        var identifiers = (0..<UInt64(count)).map { $0 }
        let draws = try random.bytes(count: 8 * count)
        for index in stride(from: count - 1, to: 0, by: -1) {
            let draw = draws[(8 * index)..<(8 * index + 8)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            identifiers.swapAt(index, Int(draw % UInt64(index + 1)))
        }
        return identifiers
    }
}
