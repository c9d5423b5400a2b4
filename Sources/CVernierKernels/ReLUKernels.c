// The ReLU passes of the convolution kernels: bias plus ReLU forward, the ReLU mask backward. Selects and one
// addition per element (no fused multiply-add): every path gives the same bits.
#include "VernierKernels.h"

#include <string.h>

#pragma clang fp contract(off)

typedef float vernier_relu_f32x8 __attribute__((vector_size(32), aligned(4)));
typedef int vernier_relu_i32x8 __attribute__((vector_size(32), aligned(4)));

static inline __attribute__((always_inline)) void vernier_bias_relu_body(const float *source, float shift,
                                                                         float *target, size_t count) {
    const vernier_relu_f32x8 zero = {0, 0, 0, 0, 0, 0, 0, 0};
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        vernier_relu_f32x8 x;
        memcpy(&x, source + i, sizeof x);
        x = x + shift;
        vernier_relu_i32x8 clamp = zero >= x;  // false for NaN: NaN passes through, as Swift.max(x, 0) does
        vernier_relu_f32x8 y = (vernier_relu_f32x8)((vernier_relu_i32x8)x & ~clamp);
        memcpy(target + i, &y, sizeof y);
    }
    for (; i < count; i++) {
        float x = source[i] + shift;
        target[i] = 0 >= x ? 0 : x;
    }
}

static inline __attribute__((always_inline)) void vernier_relu_mask_body(const float *source, const float *saved,
                                                                         float *target, size_t count) {
    const vernier_relu_f32x8 zero = {0, 0, 0, 0, 0, 0, 0, 0};
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        vernier_relu_f32x8 g, y;
        memcpy(&g, source + i, sizeof g);
        memcpy(&y, saved + i, sizeof y);
        vernier_relu_i32x8 open = y > zero;
        vernier_relu_f32x8 result = (vernier_relu_f32x8)((vernier_relu_i32x8)g & open);
        memcpy(target + i, &result, sizeof result);
    }
    for (; i < count; i++) target[i] = saved[i] > 0 ? source[i] : 0;
}

static void bias_relu_baseline(const float *source, float shift, float *target, size_t count) {
    vernier_bias_relu_body(source, shift, target, count);
}

static void relu_mask_baseline(const float *source, const float *saved, float *target, size_t count) {
    vernier_relu_mask_body(source, saved, target, count);
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) static void bias_relu_avx2(const float *source, float shift, float *target,
                                                            size_t count) {
    vernier_bias_relu_body(source, shift, target, count);
}

__attribute__((target("avx2"))) static void relu_mask_avx2(const float *source, const float *saved, float *target,
                                                            size_t count) {
    vernier_relu_mask_body(source, saved, target, count);
}
#endif

void vernier_bias_relu_f32(const float *source, float shift, float *target, size_t count) {
#if defined(__x86_64__)
    if (vernier_kernels_isa() == 2) {
        bias_relu_avx2(source, shift, target, count);
        return;
    }
#endif
    bias_relu_baseline(source, shift, target, count);
}

void vernier_relu_mask_f32(const float *source, const float *saved, float *target, size_t count) {
#if defined(__x86_64__)
    if (vernier_kernels_isa() == 2) {
        relu_mask_avx2(source, saved, target, count);
        return;
    }
#endif
    relu_mask_baseline(source, saved, target, count);
}
