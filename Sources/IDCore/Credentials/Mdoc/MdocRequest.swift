/// What a reader asks of an mdoc presentation: the document type, the elements it needs by
/// namespace, and the session transcript both sides share (ISO/IEC 18013-5 9.1.5.1), which
/// binds the device's authentication to this one session.
public struct MdocRequest: Sendable {
    /// The document type asked for.
    public let docType: String
    /// The elements needed, by namespace.
    public let requiredElements: [String: Set<String>]
    /// `SessionTranscript`: `[DeviceEngagementBytes, EReaderKeyBytes, Handover]` for proximity,
    /// or the handover an online protocol defines (OpenID4VP's, for example).
    public let sessionTranscript: CBORValue
    /// The reader's ephemeral private key (`EReaderKey`), with which a device MAC is checked;
    /// without it a document authenticated by MAC is refused.
    public let readerKey: SigningKey?

    /// A request for `requiredElements` of a `docType` document in the session `sessionTranscript`.
    public init(docType: String, requiredElements: [String: Set<String>], sessionTranscript: CBORValue, readerKey: SigningKey? = nil) {
        self.docType = docType
        self.requiredElements = requiredElements
        self.sessionTranscript = sessionTranscript
        self.readerKey = readerKey
    }
}
