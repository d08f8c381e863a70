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

__attribute__((target("avx2,fma"))) static float dot_f32_avx2(const float *a, const float *b, size_t n) {
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps(), s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
        s2 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 16), _mm256_loadu_ps(b + i + 16), s2);
        s3 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 24), _mm256_loadu_ps(b + i + 24), s3);
    }
    float sum = horizontal_sum(_mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
    for (; i < n; i++) sum += a[i] * b[i];
    return sum;
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
#endif

// ---- dispatch -----------------------------------------------------------------------------

int vidk_uses_avx2(void) {
#ifdef VIDK_X86
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }
    return cached;
#else
    return 0;
#endif
}

void vidk_scores_f32(const float *rows, size_t row_stride, size_t count, const float *probe, size_t dimension, float *out) {
#ifdef VIDK_X86
    if (vidk_uses_avx2()) {
        for (size_t r = 0; r < count; r++) out[r] = dot_f32_avx2(rows + r * row_stride, probe, dimension);
        return;
    }
#endif
    for (size_t r = 0; r < count; r++) out[r] = dot_f32_portable(rows + r * row_stride, probe, dimension);
}

void vidk_scores_i8(const int8_t *rows, size_t row_stride, size_t count, const int8_t *probe, size_t dimension, int32_t *out) {
#ifdef VIDK_X86
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
