// Folding (col2im) of a 3×3, stride 1, padding 1 convolution's unfolded input gradient back onto the image: each
// 8-column vector of an image row is the sum of its nine shifted column entries, added in tap order onto 0 and
// written once (no separate zeroing, no read-modify-write per tap). Adds only, in the order the row-by-row fold adds
// them, so every path gives the same bits as it.
#include "VernierKernels.h"

#include <string.h>

#pragma clang fp contract(off)

typedef float vernier_fold_f32x8 __attribute__((vector_size(32), aligned(4)));

#define VERNIER_FOLD_LOAD(p)                                                                                       \
    ({                                                                                                           \
        vernier_fold_f32x8 v_;                                                                                   \
        memcpy(&v_, (p), sizeof v_);                                                                             \
        v_;                                                                                                      \
    })

// Columns x … x + 7 of image row y: the entries of tap rows kiFirst..<kiEnd (those whose output row y − (ki − 1)
// exists), each row's three shifted taps added in order onto `sum`. Tap (ki, kj) gives image column x the entry
// `row[x + 1 − kj]`; with `right` (x + 8 = width) tap kj = 0 would read after the row and with `left` (x = 0) tap
// kj = 2 before it: those load the row's first or last eight entries and move them one lane, a zero coming in.
static inline __attribute__((always_inline)) void vernier_fold_vector(const float *restrict taps, size_t rowStride,
                                                                      size_t y, int kiFirst, int kiEnd, size_t width,
                                                                      size_t x, int left, int right,
                                                                      float *restrict target) {
    const vernier_fold_f32x8 zero = {0, 0, 0, 0, 0, 0, 0, 0};
    vernier_fold_f32x8 sum = zero;
    for (int ki = kiFirst; ki < kiEnd; ki++) {
        const float *row = taps + (size_t)(ki * 3) * rowStride + (y + 1 - (size_t)ki) * width;
        vernier_fold_f32x8 a;
        if (right) {
            vernier_fold_f32x8 v = VERNIER_FOLD_LOAD(row + width - 8);
            a = __builtin_shufflevector(v, zero, 1, 2, 3, 4, 5, 6, 7, 8);
        } else {
            a = VERNIER_FOLD_LOAD(row + x + 1);
        }
        sum = sum + a;
        sum = sum + VERNIER_FOLD_LOAD(row + rowStride + x);
        row += 2 * rowStride;
        vernier_fold_f32x8 c;
        if (left) {
            vernier_fold_f32x8 v = VERNIER_FOLD_LOAD(row);
            c = __builtin_shufflevector(zero, v, 0, 8, 9, 10, 11, 12, 13, 14);
        } else {
            c = VERNIER_FOLD_LOAD(row + x - 1);
        }
        sum = sum + c;
    }
    memcpy(target + x, &sum, sizeof sum);
}

static inline __attribute__((always_inline)) void vernier_col2im3x3_body(const float *restrict columns,
                                                                         size_t rowStride, size_t channels,
                                                                         size_t height, size_t width,
                                                                         float *restrict image) {
    for (size_t c = 0; c < channels; c++) {
        const float *taps = columns + c * 9 * rowStride;
        float *plane = image + c * height * width;
        for (size_t y = 0; y < height; y++) {
            int kiFirst = y + 1 < height ? 0 : 1, kiEnd = y > 0 ? 3 : 2;
            float *target = plane + y * width;
            if (width == 8) {
                vernier_fold_vector(taps, rowStride, y, kiFirst, kiEnd, width, 0, 1, 1, target);
                continue;
            }
            vernier_fold_vector(taps, rowStride, y, kiFirst, kiEnd, width, 0, 1, 0, target);
            size_t x = 8;
            for (; x + 8 < width; x += 8) {
                vernier_fold_vector(taps, rowStride, y, kiFirst, kiEnd, width, x, 0, 0, target);
            }
            vernier_fold_vector(taps, rowStride, y, kiFirst, kiEnd, width, width - 8, 0, 1, target);
        }
    }
}

static void col2im3x3_baseline(const float *columns, size_t rowStride, size_t channels, size_t height, size_t width,
                               float *image) {
    vernier_col2im3x3_body(columns, rowStride, channels, height, width, image);
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) static void col2im3x3_avx2(const float *columns, size_t rowStride, size_t channels,
                                                            size_t height, size_t width, float *image) {
    vernier_col2im3x3_body(columns, rowStride, channels, height, width, image);
}
#endif

void vernier_col2im3x3_f32(const float *columns, size_t rowStride, size_t channels, size_t height, size_t width,
                           float *image) {
#if defined(__x86_64__)
    if (vernier_kernels_isa() == 2) {
        col2im3x3_avx2(columns, rowStride, channels, height, width, image);
        return;
    }
#endif
    col2im3x3_baseline(columns, rowStride, channels, height, width, image);
}
