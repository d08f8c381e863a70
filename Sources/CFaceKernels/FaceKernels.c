#include "FaceKernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define VIDK_X86 1
#endif

// ---- portable versions --------------------------------------------------------------------

static float dot_f32_portable(const float *a, const float *b, size_t n) {
    float sum[4] = {0, 0, 0, 0};
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        sum[0] += a[i] * b[i];
        sum[1] += a[i + 1] * b[i + 1];
        sum[2] += a[i + 2] * b[i + 2];
        sum[3] += a[i + 3] * b[i + 3];
    }
    for (; i < n; i++) sum[0] += a[i] * b[i];
    return (sum[0] + sum[1]) + (sum[2] + sum[3]);
}

static int32_t dot_i8_portable(const int8_t *a, const int8_t *b, size_t n) {
    int32_t sum = 0;
    for (size_t i = 0; i < n; i++) sum += (int32_t)a[i] * (int32_t)b[i];
    return sum;
}

static float dot_i8_f32_portable(const int8_t *a, const float *b, size_t n) {
    float sum = 0;
    for (size_t i = 0; i < n; i++) sum += (float)a[i] * b[i];
    return sum;
}

#ifdef VIDK_X86
// ---- AVX2 / FMA versions ------------------------------------------------------------------

__attribute__((target("avx2,fma"))) static inline float horizontal_sum(__m256 v) {
    __m128 low = _mm256_castps256_ps128(v), high = _mm256_extractf128_ps(v, 1);
    __m128 sum = _mm_add_ps(low, high);
    sum = _mm_add_ps(sum, _mm_movehl_ps(sum, sum));
    sum = _mm_add_ss(sum, _mm_shuffle_ps(sum, sum, 0x55));
    return _mm_cvtss_f32(sum);
}

// |a|*sign(b, a) keeps each pair sum within int16: 127 * 127 * 2 < 32767.
__attribute__((target("avx2"))) static int32_t dot_i8_avx2(const int8_t *a, const int8_t *b, size_t n) {
    __m256i acc = _mm256_setzero_si256();
    const __m256i ones = _mm256_set1_epi16(1);
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m256i va = _mm256_loadu_si256((const __m256i *)(a + i));
        __m256i vb = _mm256_loadu_si256((const __m256i *)(b + i));
        __m256i products = _mm256_maddubs_epi16(_mm256_abs_epi8(va), _mm256_sign_epi8(vb, va));
        acc = _mm256_add_epi32(acc, _mm256_madd_epi16(products, ones));
    }
    __m128i sum = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
    sum = _mm_add_epi32(sum, _mm_shuffle_epi32(sum, 0x4e));
    sum = _mm_add_epi32(sum, _mm_shuffle_epi32(sum, 0xb1));
    int32_t total = _mm_cvtsi128_si32(sum);
    for (; i < n; i++) total += (int32_t)a[i] * (int32_t)b[i];
    return total;
}

__attribute__((target("avx2,fma"))) static float dot_i8_f32_avx2(const int8_t *a, const float *b, size_t n) {
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256 a0 = _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(a + i))));
        __m256 a1 = _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(a + i + 8))));
        s0 = _mm256_fmadd_ps(a0, _mm256_loadu_ps(b + i), s0);
        s1 = _mm256_fmadd_ps(a1, _mm256_loadu_ps(b + i + 8), s1);
    }
    float sum = horizontal_sum(_mm256_add_ps(s0, s1));
    for (; i < n; i++) sum += (float)a[i] * b[i];
    return sum;
}

// Every probe-row pair is summed in one vector accumulator over the dimension, in order, and
// reduced the same way whatever the tile's shape: one probe and a batch give the same bits.

// Up to 2 probes by 4 rows: 8 accumulators, 4 row vectors and a probe vector of the 16 registers.
__attribute__((target("avx2,fma"), always_inline)) static inline void tile_f32_avx2(
    const float *rows, size_t row_stride, int row_count, const float *probes, size_t probe_stride, int probe_count, size_t dimension,
    float *out, size_t out_stride) {
    __m256 acc[2][4];
    for (int p = 0; p < 2; p++)
        for (int r = 0; r < 4; r++) acc[p][r] = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 8 <= dimension; i += 8) {
        __m256 row[4];
        for (int r = 0; r < row_count; r++) row[r] = _mm256_loadu_ps(rows + r * row_stride + i);
        for (int p = 0; p < probe_count; p++) {
            __m256 probe = _mm256_loadu_ps(probes + p * probe_stride + i);
            for (int r = 0; r < row_count; r++) acc[p][r] = _mm256_fmadd_ps(row[r], probe, acc[p][r]);
        }
    }
    for (int p = 0; p < probe_count; p++)
        for (int r = 0; r < row_count; r++) {
            float sum = horizontal_sum(acc[p][r]);
            for (size_t j = i; j < dimension; j++) sum += rows[r * row_stride + j] * probes[p * probe_stride + j];
            out[p * out_stride + r] = sum;
        }
}

// One probe, row after row, as `row_f32_avx512` does it: the same sums as a tile.
__attribute__((target("avx2,fma"))) static float row_f32_avx2(const float *row, const float *probe, size_t dimension) {
    __m256 acc = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 8 <= dimension; i += 8) acc = _mm256_fmadd_ps(_mm256_loadu_ps(row + i), _mm256_loadu_ps(probe + i), acc);
    float sum = horizontal_sum(acc);
    for (; i < dimension; i++) sum += row[i] * probe[i];
    return sum;
}

__attribute__((target("avx2,fma"))) static void scores_f32_avx2(const float *rows, size_t row_stride, size_t count, const float *probes,
                                                                size_t probe_stride, size_t probe_count, size_t dimension, float *out, size_t out_stride) {
    for (size_t p = 0; p < probe_count; p += 2) {
        int tile_probes = probe_count - p >= 2 ? 2 : 1;
        size_t r = 0;
        if (tile_probes == 2) {
            for (; r + 4 <= count; r += 4) tile_f32_avx2(rows + r * row_stride, row_stride, 4, probes + p * probe_stride, probe_stride, 2, dimension, out + p * out_stride + r, out_stride);
        } else {
            for (; r < count; r++) out[p * out_stride + r] = row_f32_avx2(rows + r * row_stride, probes + p * probe_stride, dimension);
        }
        if (r < count) tile_f32_avx2(rows + r * row_stride, row_stride, (int)(count - r), probes + p * probe_stride, probe_stride, tile_probes, dimension, out + p * out_stride + r, out_stride);
    }
}

// ---- AVX-512 versions ---------------------------------------------------------------------

// Up to 4 probes by 4 rows: 16 accumulators, 4 row vectors and a probe vector of the 32
// registers; a masked load takes the last partial vector, so any dimension works.
__attribute__((target("avx512f"), always_inline)) static inline void tile_f32_avx512(
    const float *rows, size_t row_stride, int row_count, const float *probes, size_t probe_stride, int probe_count, size_t dimension,
    float *out, size_t out_stride) {
    __m512 acc[4][4];
    for (int p = 0; p < 4; p++)
        for (int r = 0; r < 4; r++) acc[p][r] = _mm512_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= dimension; i += 16) {
        __m512 row[4];
        for (int r = 0; r < row_count; r++) row[r] = _mm512_loadu_ps(rows + r * row_stride + i);
        for (int p = 0; p < probe_count; p++) {
            __m512 probe = _mm512_loadu_ps(probes + p * probe_stride + i);
            for (int r = 0; r < row_count; r++) acc[p][r] = _mm512_fmadd_ps(row[r], probe, acc[p][r]);
        }
    }
    if (i < dimension) {
        // The last partial vector, by a masked load: the sum goes on in the same order.
        __mmask16 mask = (__mmask16)((1u << (dimension - i)) - 1);
        __m512 row[4];
        for (int r = 0; r < row_count; r++) row[r] = _mm512_maskz_loadu_ps(mask, rows + r * row_stride + i);
        for (int p = 0; p < probe_count; p++) {
            __m512 probe = _mm512_maskz_loadu_ps(mask, probes + p * probe_stride + i);
            for (int r = 0; r < row_count; r++) acc[p][r] = _mm512_fmadd_ps(row[r], probe, acc[p][r]);
        }
    }
    for (int p = 0; p < probe_count; p++)
        for (int r = 0; r < row_count; r++) out[p * out_stride + r] = _mm512_reduce_add_ps(acc[p][r]);
}

// One probe, row after row, for a single probe's scan: each row streams from memory in order
// (the prefetchers' best case), summed in one accumulator as a tile sums it, so one probe and a
// batch give the same bits; consecutive rows' chains overlap out of order.
__attribute__((target("avx512f"))) static float row_f32_avx512(const float *row, const float *probe, size_t dimension) {
    __m512 acc = _mm512_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= dimension; i += 16) acc = _mm512_fmadd_ps(_mm512_loadu_ps(row + i), _mm512_loadu_ps(probe + i), acc);
    if (i < dimension) {
        __mmask16 mask = (__mmask16)((1u << (dimension - i)) - 1);
        acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(mask, row + i), _mm512_maskz_loadu_ps(mask, probe + i), acc);
    }
    return _mm512_reduce_add_ps(acc);
}

__attribute__((target("avx512f"))) static void scores_f32_avx512(const float *rows, size_t row_stride, size_t count, const float *probes,
                                                                 size_t probe_stride, size_t probe_count, size_t dimension, float *out, size_t out_stride) {
    for (size_t p = 0; p < probe_count; p += 4) {
        int tile_probes = probe_count - p >= 4 ? 4 : (int)(probe_count - p);
        size_t r = 0;
        // The common shapes with constant bounds, so the compiler keeps the tile in registers.
        if (tile_probes == 4) {
            for (; r + 4 <= count; r += 4) tile_f32_avx512(rows + r * row_stride, row_stride, 4, probes + p * probe_stride, probe_stride, 4, dimension, out + p * out_stride + r, out_stride);
        } else if (tile_probes == 1) {
            for (; r < count; r++) out[p * out_stride + r] = row_f32_avx512(rows + r * row_stride, probes + p * probe_stride, dimension);
        } else {
            for (; r + 4 <= count; r += 4) tile_f32_avx512(rows + r * row_stride, row_stride, 4, probes + p * probe_stride, probe_stride, tile_probes, dimension, out + p * out_stride + r, out_stride);
        }
        if (r < count) tile_f32_avx512(rows + r * row_stride, row_stride, (int)(count - r), probes + p * probe_stride, probe_stride, tile_probes, dimension, out + p * out_stride + r, out_stride);
    }
}

// ---- AVX-512 VNNI versions ----------------------------------------------------------------

// vpdpbusd multiplies unsigned by signed bytes and sums each four products into an int32 lane:
// each pair is taken as |a| times b with a's sign, 64 pairs per instruction and no int16 step
// to saturate. Codes are within -127...127, so neither |a| nor -b overflows a byte.
__attribute__((target("avx512f,avx512bw,avx512vnni"))) static inline __m512i dot_i8_vnni_step(__m512i acc, __m512i a, __m512i b) {
    __m512i signed_b = _mm512_mask_sub_epi8(b, _mm512_movepi8_mask(a), _mm512_setzero_si512(), b);
    return _mm512_dpbusd_epi32(acc, _mm512_abs_epi8(a), signed_b);
}

__attribute__((target("avx512f,avx512bw,avx512vnni"))) static int32_t dot_i8_vnni(const int8_t *a, const int8_t *b, size_t n) {
    __m512i acc = _mm512_setzero_si512();
    size_t i = 0;
    for (; i + 64 <= n; i += 64) acc = dot_i8_vnni_step(acc, _mm512_loadu_si512(a + i), _mm512_loadu_si512(b + i));
    if (i < n) {
        // The last partial vector by masked loads: the lanes past the end are zero.
        __mmask64 lanes = ((__mmask64)1 << (n - i)) - 1;
        acc = dot_i8_vnni_step(acc, _mm512_maskz_loadu_epi8(lanes, a + i), _mm512_maskz_loadu_epi8(lanes, b + i));
    }
    return _mm512_reduce_add_epi32(acc);
}
#endif

// ---- dispatch -----------------------------------------------------------------------------

// Per thread, so that a test capping its own searches leaves every other thread's alone.
static _Thread_local int kernel_limit = 3;

static int detected_level(void) {
#ifdef VIDK_X86
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        int avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
        int avx512 = avx2 && __builtin_cpu_supports("avx512f");
        int vnni = avx512 && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vnni");
        cached = vnni ? 3 : avx512 ? 2 : avx2 ? 1 : 0;
    }
    return cached;
#else
    return 0;
#endif
}

int vidk_kernel_level(void) {
    int level = detected_level();
    return level < kernel_limit ? level : kernel_limit;
}

void vidk_limit_kernels(int level) { kernel_limit = level < 0 ? 0 : level; }

int vidk_uses_avx2(void) { return vidk_kernel_level() >= 1; }

void vidk_scores_f32_batch(const float *rows, size_t row_stride, size_t count, const float *probes, size_t probe_stride, size_t probe_count,
                           size_t dimension, float *out, size_t out_stride) {
#ifdef VIDK_X86
    switch (vidk_kernel_level()) {
    case 3:
    case 2: scores_f32_avx512(rows, row_stride, count, probes, probe_stride, probe_count, dimension, out, out_stride); return;
    case 1: scores_f32_avx2(rows, row_stride, count, probes, probe_stride, probe_count, dimension, out, out_stride); return;
    default: break;
    }
#endif
    for (size_t p = 0; p < probe_count; p++)
        for (size_t r = 0; r < count; r++) out[p * out_stride + r] = dot_f32_portable(rows + r * row_stride, probes + p * probe_stride, dimension);
}

void vidk_scores_f32(const float *rows, size_t row_stride, size_t count, const float *probe, size_t dimension, float *out) {
    vidk_scores_f32_batch(rows, row_stride, count, probe, dimension, 1, dimension, out, count);
}

void vidk_scores_i8(const int8_t *rows, size_t row_stride, size_t count, const int8_t *probe, size_t dimension, int32_t *out) {
#ifdef VIDK_X86
    if (vidk_kernel_level() == 3) {
        for (size_t r = 0; r < count; r++) out[r] = dot_i8_vnni(rows + r * row_stride, probe, dimension);
        return;
    }
    if (vidk_uses_avx2()) {
        for (size_t r = 0; r < count; r++) out[r] = dot_i8_avx2(rows + r * row_stride, probe, dimension);
        return;
    }
#endif
    for (size_t r = 0; r < count; r++) out[r] = dot_i8_portable(rows + r * row_stride, probe, dimension);
}

float vidk_dot_i8_f32(const int8_t *row, const float *probe, size_t dimension) {
#ifdef VIDK_X86
    if (vidk_uses_avx2()) return dot_i8_f32_avx2(row, probe, dimension);
#endif
    return dot_i8_f32_portable(row, probe, dimension);
}
