#ifndef VIRTUALIDKIT_FACE_KERNELS_H
#define VIRTUALIDKIT_FACE_KERNELS_H

#include <stddef.h>
#include <stdint.h>

// Scoring kernels for FaceMatch's gallery scan. Each picks an AVX2/FMA version at run time when
// the CPU has it (__builtin_cpu_supports) and a portable C version otherwise; no compiler flag
// is needed, so the package stays usable as a dependency.

/// out[r] = dot(rows + r * row_stride, probe) over `dimension` floats, for r in 0..<count.
void vidk_scores_f32(const float *rows, size_t row_stride, size_t count, const float *probe, size_t dimension, float *out);

/// out[r] = dot(rows + r * row_stride, probe) over `dimension` int8 values, as int32.
void vidk_scores_i8(const int8_t *rows, size_t row_stride, size_t count, const int8_t *probe, size_t dimension, int32_t *out);

/// dot(row, probe) of an int8 row with a float probe.
float vidk_dot_i8_f32(const int8_t *row, const float *probe, size_t dimension);

/// Whether the AVX2 kernels are in use, for the benchmark's report.
int vidk_uses_avx2(void);

#endif
