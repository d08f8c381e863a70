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
        var errors: [String: [String: Int64]] = [:]
        var spaces: [(namespace: String, items: [IssuerSignedItem])] = []
        for (namespace, wanted) in disclosing.sorted(by: { $0.key < $1.key }) {
            let held = issued.nameSpaces.first { $0.namespace == namespace }?.items ?? []
            let items = held.filter { wanted.contains($0.elementIdentifier) }
            for missing in wanted.subtracting(items.map(\.elementIdentifier)).sorted() { errors[namespace, default: [:]][missing] = dataNotReturned }
            if !items.isEmpty { spaces.append((namespace, items)) }
        }
        let nameSpacesBytes = CBOREncoder.encode(.map([:]))
        let authenticated = DeviceSigned.authenticationBytes(sessionTranscript: sessionTranscript, docType: docType, nameSpacesBytes: nameSpacesBytes)
        let signature = try COSESign1.sign(authenticated, detached: true, signer: deviceSigner)
        return DeviceResponse.Document(docType: docType, issuerSigned: IssuerSigned(nameSpaces: spaces, issuerAuth: issued.issuerAuth),
                                       deviceSigned: DeviceSigned(nameSpacesBytes: nameSpacesBytes, authentication: .signature(signature)), errors: errors)
    }
}
