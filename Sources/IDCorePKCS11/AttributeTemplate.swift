import CPKCS11

/// A PKCS#11 attribute template whose values live as long as the template: `CK_ATTRIBUTE`s
/// point at their values, so each value is copied into memory the template owns.
final class AttributeTemplate {
    private var attributes: [CK_ATTRIBUTE] = []
    private var buffers: [UnsafeMutableRawBufferPointer] = []

    init() {}

    func add(_ type: CK_ATTRIBUTE_TYPE, bytes: some Collection<UInt8>) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: MemoryLayout<CK_ULONG>.alignment)
        buffer.copyBytes(from: bytes)
        buffers.append(buffer)
        attributes.append(CK_ATTRIBUTE(type: type, pValue: buffer.baseAddress, ulValueLen: CK_ULONG(bytes.count)))
    }

    func add(_ type: CK_ATTRIBUTE_TYPE, _ value: Bool) {
        add(type, bytes: [CK_BBOOL(value ? 1 : 0)])
    }

    func add(_ type: CK_ATTRIBUTE_TYPE, _ value: CK_ULONG) {
        add(type, bytes: withUnsafeBytes(of: value) { Array($0) })
    }

    func add(_ type: CK_ATTRIBUTE_TYPE, _ text: String) {
        add(type, bytes: Array(text.utf8))
    }

    func withAttributes<Result>(_ body: (UnsafeMutablePointer<CK_ATTRIBUTE>, CK_ULONG) throws -> Result) rethrows -> Result {
        try attributes.withUnsafeMutableBufferPointer { try body($0.baseAddress!, CK_ULONG($0.count)) }
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
    }
}
