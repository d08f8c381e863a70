import CFaceKernels

/// The search kernels every gallery shares, chosen once at run time for the CPU.
public enum GalleryKernels {
    /// The widest instruction set the kernels use on this CPU: "AVX-512 with VNNI" (int8 by
    /// `vpdpbusd`), "AVX-512", "AVX2" or "portable".
    public static var instructionSet: String {
        ["portable", "AVX2", "AVX-512", "AVX-512 with VNNI"][Int(vidk_kernel_level())]
    }

    /// Rows scored as one block against every probe of a batch: 64 float32 rows of 512
    /// dimensions are 128 KiB, so they stay in L2 while the batch is scored.
    static let blockRows = 64

    /// A cosine similarity, kept in -1...1 whatever rounding (or a row that slipped past the
    /// checks) makes of it: no row can score above every threshold.
    static func clamped(_ similarity: Float) -> Float {
        similarity.isNaN ? -1 : min(1, max(-1, similarity))
    }
}
