/// The holder's side of ISO/IEC 18013-5 (for the SDK's wallet, tests and examples): a document
/// presented with only the elements asked for, authenticated by the device key over the
/// session transcript the reader and the device share.
public enum MdocHolder {
    /// 18013-5's element error code for an element the holder did not return: 0, "data not
    /// returned".
    public static let dataNotReturned: Int64 = 0

    /// A document disclosing, of `issued`, the elements `disclosing` names (namespace, then
    /// element identifiers); a requested element the document does not hold is listed in the
    /// document's `errors` instead. `deviceSigner` holds the device key the MSO binds and signs
    /// `DeviceAuthentication` over `sessionTranscript` with an empty set of device-signed
    /// elements.
    public static func present(_ issued: IssuerSigned, docType: String, disclosing: [String: Set<String>], sessionTranscript: CBORValue,
                               deviceSigner: some MessageSigner) throws -> DeviceResponse.Document {
        let (disclosed, errors) = select(disclosing, of: issued)
        let signed = DeviceSigned.authenticationBytes(sessionTranscript: sessionTranscript, docType: docType, nameSpacesBytes: emptyNameSpaces)
        let signature = try COSESign1.sign(signed, detached: true, signer: deviceSigner)
        return DeviceResponse.Document(docType: docType, issuerSigned: disclosed,
                                       deviceSigned: DeviceSigned(nameSpacesBytes: emptyNameSpaces, authentication: .signature(signature)), errors: errors)
    }

    /// The same document authenticated by a device MAC (9.1.3.5) instead of a signature: HMAC
    /// SHA-256 with the key the device key agrees with `readerKey`, the reader's ephemeral key,
    /// so that only that reader can check it and nobody can show it to a third party.
    public static func present(_ issued: IssuerSigned, docType: String, disclosing: [String: Set<String>], sessionTranscript: CBORValue,
                               deviceKey: SigningKey, readerKey: VerificationKey) throws -> DeviceResponse.Document {
        let (disclosed, errors) = select(disclosing, of: issued)
        let authenticated = DeviceSigned.authenticationBytes(sessionTranscript: sessionTranscript, docType: docType, nameSpacesBytes: emptyNameSpaces)
        let key = try DeviceSigned.macKey(agreeing: deviceKey, with: readerKey, sessionTranscript: sessionTranscript)
        let mac = try COSEMac0.authenticate(authenticated, detached: true, key: key, hash: .sha256)
        return DeviceResponse.Document(docType: docType, issuerSigned: disclosed,
                                       deviceSigned: DeviceSigned(nameSpacesBytes: emptyNameSpaces, authentication: .mac(mac)), errors: errors)
    }

    /// No device-signed elements: the encoding of an empty map.
    private static let emptyNameSpaces = CBOREncoder.encode(.map([:]))

    /// The elements of `issued` that `disclosing` names, and the error of each named one it
    /// does not hold.
    private static func select(_ disclosing: [String: Set<String>], of issued: IssuerSigned) -> (IssuerSigned, [String: [String: Int64]]) {
        var errors: [String: [String: Int64]] = [:]
        var spaces: [(namespace: String, items: [IssuerSignedItem])] = []
        for (namespace, wanted) in disclosing.sorted(by: { $0.key < $1.key }) {
            let held = issued.nameSpaces.first { $0.namespace == namespace }?.items ?? []
            let items = held.filter { wanted.contains($0.elementIdentifier) }
            for missing in wanted.subtracting(items.map(\.elementIdentifier)).sorted() { errors[namespace, default: [:]][missing] = dataNotReturned }
            if !items.isEmpty { spaces.append((namespace, items)) }
        }
        return (IssuerSigned(nameSpaces: spaces, issuerAuth: issued.issuerAuth), errors)
    }
}
