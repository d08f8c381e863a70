#ifndef VIRTUALIDKIT_FACE_KERNELS_H
#define VIRTUALIDKIT_FACE_KERNELS_H

#include <stddef.h>
#include <stdint.h>

// Scoring kernels for FaceMatch's gallery scan. Each picks at run time (__builtin_cpu_supports)
// the widest version the CPU has: AVX-512 with VNNI for int8, AVX-512 for float32, AVX2 with FMA,
// or portable C; no compiler flag is needed, so the package stays usable as a dependency.

/// out[r] = dot(rows + r * row_stride, probe) over `dimension` floats, for r in 0..<count.
void vidk_scores_f32(const float *rows, size_t row_stride, size_t count, const float *probe, size_t dimension, float *out);

/// out[p * out_stride + r] = dot(rows + r * row_stride, probes + p * probe_stride) over
/// `dimension` floats, for every probe p < probe_count and row r < count: a block of rows scored
/// against a batch of probes in register-blocked tiles (4 probes by 4 rows with AVX-512, 2 by 4
/// with AVX2), each value loaded once per tile instead of once per pair.
void vidk_scores_f32_batch(const float *rows, size_t row_stride, size_t count, const float *probes, size_t probe_stride, size_t probe_count,
                           size_t dimension, float *out, size_t out_stride);

/// out[r] = dot(rows + r * row_stride, probe) over `dimension` int8 values within -127...127, as
/// int32 (exact at every level: `vpdpbusd` with VNNI, `vpmaddubsw` with AVX2).
void vidk_scores_i8(const int8_t *rows, size_t row_stride, size_t count, const int8_t *probe, size_t dimension, int32_t *out);

/// dot(row, probe) of an int8 row with a float probe.
float vidk_dot_i8_f32(const int8_t *row, const float *probe, size_t dimension);

/// Whether the AVX2 kernels are in use, for the benchmark's report.
int vidk_uses_avx2(void);

/// The widest kernels in use: 3 AVX-512 with VNNI (int8; float32 as at 2), 2 AVX-512, 1 AVX2
/// with FMA, 0 portable C.
int vidk_kernel_level(void);

/// Caps the kernels the calling thread uses at `level` (0 to 3; never above what the CPU has),
/// so that tests check every path the machine can run against the others.
void vidk_limit_kernels(int level);

#endif
