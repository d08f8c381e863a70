/// What a ``FaceGallery`` keys its subjects by: `String` (a patient number, a case reference) or
/// `Int64` (a database row id, as FAISS and USearch key their vectors: eight bytes a subject, no
/// string to hash or to store beside each template).
///
/// The conformances are the SDK's own: ``GallerySubjectIDCoding`` has no public initialiser, so
/// a gallery file always says which of the two kinds it holds and how each id is laid out.
public protocol GallerySubjectID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// How ids of this kind are checked and stored in a gallery file.
    static var galleryCoding: GallerySubjectIDCoding<Self> { get }
}

/// How a kind of subject id is checked on enrolment and laid out in a gallery file.
public struct GallerySubjectIDCoding<ID>: Sendable {
    /// The gallery file's id-kind byte.
    let kind: UInt8
    /// What the kind is called in an error.
    let name: String
    /// The fewest bytes one id takes in a file, for refusing a count the file cannot hold.
    let minimumFileBytes: Int
    /// Why `id` cannot be enrolled, or nil when it can.
    let problem: @Sendable (ID) -> String?
    let write: @Sendable (ID, inout GalleryFileWriter) throws -> Void
    let read: @Sendable (inout GalleryFileReader) throws -> ID
}

extension String: GallerySubjectID {
    /// UTF-8 bytes after a two-byte length: an id is 1 to 65,535 bytes.
    public static var galleryCoding: GallerySubjectIDCoding<String> {
        GallerySubjectIDCoding(
            kind: 1, name: "string", minimumFileBytes: 3,
            problem: { id in
                (1...Int(UInt16.max)).contains(id.utf8.count) ? nil : "A subject id is 1 to \(UInt16.max) bytes of UTF-8, not \(id.utf8.count)."
            },
            write: { id, writer in
                try writer.write(UInt16(id.utf8.count))
                try writer.write(Array(id.utf8))
            },
            read: { reader in
                let length = Int(try reader.read(UInt16.self))
                guard let id = String(validating: try reader.take(length), as: UTF8.self), !id.isEmpty else {
                    throw FaceMatchError(.malformedGalleryFile, "A subject id in the gallery file is empty or not UTF-8.")
                }
                return id
            })
    }
}

extension Int64: GallerySubjectID {
    /// Eight bytes, little-endian; every value is an id.
    public static var galleryCoding: GallerySubjectIDCoding<Int64> {
        GallerySubjectIDCoding(
            kind: 2, name: "64-bit integer", minimumFileBytes: 8,
            problem: { _ in nil },
            write: { id, writer in try writer.write(id) },
            read: { reader in try reader.read(Int64.self) })
    }
}
