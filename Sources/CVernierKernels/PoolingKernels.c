// 2×2 max pooling (stride 2, windows that tile the input) forward and backward, eight input columns of two rows
// at a time. Only comparisons and selects: every path gives the same bits.
#include "PoolingVectors.h"
#include "VernierKernels.h"

#include <string.h>

static inline __attribute__((always_inline)) void vernier_maxpool2x2_body(const float *restrict input,
                                                                          float *restrict output, size_t rowPairs,
                                                                          size_t width) {
    size_t half = width / 2;
    for (size_t r = 0; r < rowPairs; r++) {
        const float *top = input + 2 * r * width;
        const float *bottom = top + width;
        float *out = output + r * half;
        size_t x = 0;
        for (; x + 8 <= width; x += 8) {
            vernier_pool_f32x8 t, b;
            memcpy(&t, top + x, sizeof t);
            memcpy(&b, bottom + x, sizeof b);
            vernier_pool_f32x4 pooled = vernier_pool_windows8(t, b);
            memcpy(out + x / 2, &pooled, sizeof pooled);
        }
        for (; x < width; x += 2) {
            out[x / 2] = vernier_pool_max(vernier_pool_max(top[x], top[x + 1]),
                                          vernier_pool_max(bottom[x], bottom[x + 1]));
        }
    }
}

static inline __attribute__((always_inline)) void vernier_maxpool2x2_gradient_body(
    const float *restrict upstream, const float *restrict input, const float *restrict pooled,
    float *restrict result, size_t rowPairs, size_t width) {
    size_t half = width / 2;
    const vernier_pool_i32x8 odd = {0, -1, 0, -1, 0, -1, 0, -1};
    for (size_t r = 0; r < rowPairs; r++) {
        const float *top = input + 2 * r * width;
        const float *bottom = top + width;
        float *topResult = result + 2 * r * width;
        float *bottomResult = topResult + width;
        const float *best = pooled + r * half;
        const float *value = upstream + r * half;
        size_t x = 0;
        for (; x + 8 <= width; x += 8) {
            vernier_pool_f32x4 best4, value4;
            vernier_pool_f32x8 t, b;
            memcpy(&best4, best + x / 2, sizeof best4);
            memcpy(&value4, value + x / 2, sizeof value4);
            memcpy(&t, top + x, sizeof t);
            memcpy(&b, bottom + x, sizeof b);
            vernier_pool_f32x8 best8 = __builtin_shufflevector(best4, best4, 0, 0, 1, 1, 2, 2, 3, 3);
            vernier_pool_f32x8 value8 = __builtin_shufflevector(value4, value4, 0, 0, 1, 1, 2, 2, 3, 3);
            vernier_pool_i32x8 equalTop = (t == best8) | (t != t);
            vernier_pool_i32x8 equalBottom = (b == best8) | (b != b);
            // Per window (two lanes): a = top left, b = top right, c = bottom left, d = bottom right.
            vernier_pool_i32x8 winsA = __builtin_shufflevector(equalTop, equalTop, 0, 0, 2, 2, 4, 4, 6, 6);
            vernier_pool_i32x8 anyTop = winsA | __builtin_shufflevector(equalTop, equalTop, 1, 1, 3, 3, 5, 5, 7, 7);
            vernier_pool_i32x8 equalC = __builtin_shufflevector(equalBottom, equalBottom, 0, 0, 2, 2, 4, 4, 6, 6);
            vernier_pool_i32x8 topWins = equalTop & ~(winsA & odd);
            vernier_pool_i32x8 bottomWins = ~anyTop & ((equalBottom & ~odd) | (~equalC & odd));
            vernier_pool_f32x8 zero = {0, 0, 0, 0, 0, 0, 0, 0};
            vernier_pool_f32x8 topOut = VERNIER_SELECT(vernier_pool_f32x8, vernier_pool_i32x8, topWins, value8, zero);
            vernier_pool_f32x8 bottomOut =
                VERNIER_SELECT(vernier_pool_f32x8, vernier_pool_i32x8, bottomWins, value8, zero);
            memcpy(topResult + x, &topOut, sizeof topOut);
            memcpy(bottomResult + x, &bottomOut, sizeof bottomOut);
        }
        for (; x < width; x += 2) {
            float m = best[x / 2], g = value[x / 2];
            float a = top[x], b = top[x + 1], c = bottom[x];
            int winsA = a == m || a != a;
            int winsB = !winsA && (b == m || b != b);
            int winsC = !winsA && !winsB && (c == m || c != c);
            int winsD = !(winsA || winsB || winsC);
            topResult[x] = winsA ? g : 0;
            topResult[x + 1] = winsB ? g : 0;
            bottomResult[x] = winsC ? g : 0;
            bottomResult[x + 1] = winsD ? g : 0;
        }
    }
}

static void maxpool2x2_baseline(const float *input, float *output, size_t rowPairs, size_t width) {
    vernier_maxpool2x2_body(input, output, rowPairs, width);
}

static void maxpool2x2_gradient_baseline(const float *upstream, const float *input, const float *pooled,
                                         float *result, size_t rowPairs, size_t width) {
    vernier_maxpool2x2_gradient_body(upstream, input, pooled, result, rowPairs, width);
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) static void maxpool2x2_avx2(const float *input, float *output, size_t rowPairs,
                                                             size_t width) {
    vernier_maxpool2x2_body(input, output, rowPairs, width);
}

__attribute__((target("avx2"))) static void maxpool2x2_gradient_avx2(const float *upstream, const float *input,
                                                                      const float *pooled, float *result,
                                                                      size_t rowPairs, size_t width) {
    vernier_maxpool2x2_gradient_body(upstream, input, pooled, result, rowPairs, width);
}
#endif

void vernier_maxpool2x2_f32(const float *input, float *output, size_t rowPairs, size_t width) {
#if defined(__x86_64__)
    if (vernier_kernels_isa() == 2) {
        maxpool2x2_avx2(input, output, rowPairs, width);
        return;
    }
#endif
    maxpool2x2_baseline(input, output, rowPairs, width);
}

void vernier_maxpool2x2_gradient_f32(const float *upstream, const float *input, const float *pooled, float *result,
                                     size_t rowPairs, size_t width) {
#if defined(__x86_64__)
    if (vernier_kernels_isa() == 2) {
        maxpool2x2_gradient_avx2(upstream, input, pooled, result, rowPairs, width);
        return;
    }
#endif
    maxpool2x2_gradient_baseline(upstream, input, pooled, result, rowPairs, width);
}
