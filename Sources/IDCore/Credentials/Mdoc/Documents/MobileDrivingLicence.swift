/// The mobile driving licence of ISO/IEC 18013-5 clause 7: its document type and namespace.
public enum MobileDrivingLicence {
    /// `org.iso.18013.5.1.mDL`.
    public static let docType = "org.iso.18013.5.1.mDL"
    /// `org.iso.18013.5.1`, the namespace of the mDL data elements of table 5.
    public static let namespace = "org.iso.18013.5.1"
}
