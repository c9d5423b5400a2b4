// 2×2 max pooling (stride 2, windows that tile the input) that records each window's winner, and its gradient from
// the recorded winners: what a convolution with the pooling fused keeps instead of its unpooled output. Eight input
// columns of two rows at a time; comparisons and selects only: every path gives the same bits. The winner is the
// element vernier_maxpool2x2_gradient_f32 sends the gradient to.
#include "PoolingVectors.h"
#include "VernierKernels.h"

#include <string.h>

typedef unsigned char vernier_win_u8x4 __attribute__((vector_size(4), aligned(1)));

// The column where the eight-column step after the one at `x` starts: 8 further, or the last eight columns of the
// row (an overlap that recomputes windows alike), or `width` when done. `width` is even, so steps stay on windows.
static inline size_t vernier_win_next(size_t x, size_t width) {
    if (x + 8 >= width) return width;
    return x + 16 <= width ? x + 8 : width - 8;
}

// The winner of one window (0 top left, 1 top right, 2 bottom left, 3 bottom right): the first element equal to
// the maximum `m` or NaN.
static inline unsigned char vernier_win_scalar(float a, float b, float c, float m) {
    if (a == m || a != a) return 0;
    if (b == m || b != b) return 1;
    if (c == m || c != c) return 2;
    return 3;
}

static inline __attribute__((always_inline)) void vernier_maxpool_winners_body(const float *restrict input,
                                                                               float *restrict output,
                                                                               unsigned char *restrict winners,
                                                                               size_t rowPairs, size_t width) {
    size_t half = width / 2;
    for (size_t r = 0; r < rowPairs; r++) {
        const float *top = input + 2 * r * width;
        const float *bottom = top + width;
        float *out = output + r * half;
        unsigned char *win = winners + r * half;
        // Eight columns at a time; a last step that ends at the last column (overlapping the one before, whose
        // windows it computes again, alike) covers the rest when the row has at least eight columns.
        size_t x = 0;
        for (size_t step = 0; step + 8 <= width; step = vernier_win_next(step, width)) {
            x = step + 8;
            vernier_pool_f32x8 t, b;
            memcpy(&t, top + step, sizeof t);
            memcpy(&b, bottom + step, sizeof b);
            vernier_pool_f32x4 a = __builtin_shufflevector(t, t, 0, 2, 4, 6);
            vernier_pool_f32x4 bb = __builtin_shufflevector(t, t, 1, 3, 5, 7);
            vernier_pool_f32x4 c = __builtin_shufflevector(b, b, 0, 2, 4, 6);
            vernier_pool_f32x4 m;
            vernier_pool_i32x4 isA, isB, isC;
            if (vernier_pool_any_nan(t, b)) {
                m = vernier_pool_windows8(t, b);
                isA = (a == m) | (a != a);
                isB = (bb == m) | (bb != bb);
                isC = (c == m) | (c != c);
            } else {
                // Without NaN (the usual case) the same maxima and winners take plain comparisons only.
                m = vernier_pool_windows8_ordered(t, b);
                isA = a == m;
                isB = bb == m;
                isC = c == m;
            }
            memcpy(out + step / 2, &m, sizeof m);
            const vernier_pool_i32x4 zero = {0, 0, 0, 0}, one = {1, 1, 1, 1}, two = {2, 2, 2, 2}, three = {3, 3, 3, 3};
            vernier_pool_i32x4 w = VERNIER_SELECT(vernier_pool_i32x4, vernier_pool_i32x4, isC, two, three);
            w = VERNIER_SELECT(vernier_pool_i32x4, vernier_pool_i32x4, isB, one, w);
            w = VERNIER_SELECT(vernier_pool_i32x4, vernier_pool_i32x4, isA, zero, w);
            vernier_win_u8x4 bytes = __builtin_convertvector(w, vernier_win_u8x4);
            memcpy(win + step / 2, &bytes, sizeof bytes);
        }
        for (; x < width; x += 2) {
            float m = vernier_pool_max(vernier_pool_max(top[x], bottom[x]), vernier_pool_max(top[x + 1], bottom[x + 1]));
            out[x / 2] = m;
            win[x / 2] = vernier_win_scalar(top[x], top[x + 1], bottom[x], m);
        }
    }
}

static inline __attribute__((always_inline)) void vernier_maxpool_scatter_body(const float *restrict upstream,
                                                                               const float *restrict pooled,
                                                                               const unsigned char *restrict winners,
                                                                               int relu, float *restrict result,
                                                                               size_t rowPairs, size_t width) {
    size_t half = width / 2;
    const vernier_pool_f32x4 zero = {0, 0, 0, 0};
    for (size_t r = 0; r < rowPairs; r++) {
        float *top = result + 2 * r * width;
        float *bottom = top + width;
        const float *value = upstream + r * half;
        const float *best = pooled + r * half;
        const unsigned char *win = winners + r * half;
        size_t x = 0;
        for (size_t step = 0; step + 8 <= width; step = vernier_win_next(step, width)) {
            x = step + 8;
            vernier_pool_f32x4 g, m;
            vernier_win_u8x4 bytes;
            memcpy(&g, value + step / 2, sizeof g);
            memcpy(&m, best + step / 2, sizeof m);
            memcpy(&bytes, win + step / 2, sizeof bytes);
            if (relu) g = (vernier_pool_f32x4)((vernier_pool_i32x4)g & (m > zero));
            vernier_pool_i32x4 w = __builtin_convertvector(bytes, vernier_pool_i32x4);
            vernier_pool_f32x4 a = (vernier_pool_f32x4)((vernier_pool_i32x4)g & (w == 0));
            vernier_pool_f32x4 b = (vernier_pool_f32x4)((vernier_pool_i32x4)g & (w == 1));
            vernier_pool_f32x4 c = (vernier_pool_f32x4)((vernier_pool_i32x4)g & (w == 2));
            vernier_pool_f32x4 d = (vernier_pool_f32x4)((vernier_pool_i32x4)g & (w == 3));
            vernier_pool_f32x8 t = __builtin_shufflevector(a, b, 0, 4, 1, 5, 2, 6, 3, 7);
            vernier_pool_f32x8 u = __builtin_shufflevector(c, d, 0, 4, 1, 5, 2, 6, 3, 7);
            memcpy(top + step, &t, sizeof t);
            memcpy(bottom + step, &u, sizeof u);
        }
        for (; x < width; x += 2) {
            float g = value[x / 2];
            if (relu && !(best[x / 2] > 0)) g = 0;
            unsigned char w = win[x / 2];
            top[x] = w == 0 ? g : 0;
            top[x + 1] = w == 1 ? g : 0;
            bottom[x] = w == 2 ? g : 0;
            bottom[x + 1] = w == 3 ? g : 0;
        }
    }
}

static void maxpool_winners_baseline(const float *input, float *output, unsigned char *winners, size_t rowPairs,
                                     size_t width) {
    vernier_maxpool_winners_body(input, output, winners, rowPairs, width);
}

static void maxpool_scatter_baseline(const float *upstream, const float *pooled, const unsigned char *winners,
                                     int relu, float *result, size_t rowPairs, size_t width) {
    vernier_maxpool_scatter_body(upstream, pooled, winners, relu, result, rowPairs, width);
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) static void maxpool_winners_avx2(const float *input, float *output,
                                                                  unsigned char *winners, size_t rowPairs,
                                                                  size_t width) {
    vernier_maxpool_winners_body(input, output, winners, rowPairs, width);
}

__attribute__((target("avx2"))) static void maxpool_scatter_avx2(const float *upstream, const float *pooled,
                                                                  const unsigned char *winners, int relu,
                                                                  float *result, size_t rowPairs, size_t width) {
    vernier_maxpool_scatter_body(upstream, pooled, winners, relu, result, rowPairs, width);
}
#endif

void vernier_maxpool2x2_winners_f32(const float *input, float *output, unsigned char *winners, size_t rowPairs,
                                    size_t width) {
#if defined(__x86_64__)
    if (vernier_kernels_isa() == 2) {
        maxpool_winners_avx2(input, output, winners, rowPairs, width);
        return;
    }
#endif
    maxpool_winners_baseline(input, output, winners, rowPairs, width);
}

void vernier_maxpool2x2_scatter_f32(const float *upstream, const float *pooled, const unsigned char *winners,
                                    int relu, float *result, size_t rowPairs, size_t width) {
#if defined(__x86_64__)
    if (vernier_kernels_isa() == 2) {
        maxpool_scatter_avx2(upstream, pooled, winners, relu, result, rowPairs, width);
        return;
    }
#endif
    maxpool_scatter_baseline(upstream, pooled, winners, relu, result, rowPairs, width);
}
