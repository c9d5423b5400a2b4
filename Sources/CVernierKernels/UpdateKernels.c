// Optimizer update kernels, written once as a macro over a GCC/Clang vector type and instantiated per
// instruction set (see VernierKernels.h). No fused multiply-add anywhere: every path rounds the same way.
#include "VernierKernels.h"

#pragma clang fp contract(off)

#if defined(__x86_64__)
#include <xmmintrin.h>
#endif

typedef float vernier_f32x8 __attribute__((vector_size(32), aligned(4)));
typedef float vernier_f32x4 __attribute__((vector_size(16), aligned(4)));
typedef float vernier_f32x1;

#define VERNIER_SQRT(x) __builtin_elementwise_sqrt(x)

// One Adam element block of type VT at offset i.
#define VERNIER_ADAM_STEP(VT, i)                                                                                 \
    do {                                                                                                         \
        VT p = *(const VT *)(parameter + (i)) * shrink;                                                          \
        VT g = *(const VT *)(gradient + (i)) + l2Decay * p;                                                      \
        VT m0 = *(const VT *)(first + (i));                                                                      \
        VT m = (fromFirst * m0 + keep * g) + scale * (g - m0);                                                   \
        VT v = *(const VT *)(second + (i)) * beta2 + oneMinusBeta2 * g * g;                                      \
        *(VT *)(first + (i)) = m;                                                                                \
        *(VT *)(second + (i)) = v;                                                                               \
        VT denominator = VERNIER_SQRT(v) / correction2Root + epsilon;                                            \
        *(VT *)(parameter + (i)) = p - stepSize * (m / denominator);                                             \
    } while (0)

#define VERNIER_DEFINE_ADAM(NAME, VT, LANES, ATTRIBUTES)                                                          \
    ATTRIBUTES static void NAME(float *restrict parameter, const float *restrict gradient, float *restrict first, \
                                float *restrict second, size_t count, float fromFirst, float keep, float scale,   \
                                float beta2, float oneMinusBeta2, float epsilon, float l2Decay, float shrink,     \
                                float stepSize, float correction2Root) {                                         \
        size_t i = 0;                                                                                            \
        for (; i + (LANES) <= count; i += (LANES)) VERNIER_ADAM_STEP(VT, i);                                     \
        for (; i < count; i++) VERNIER_ADAM_STEP(vernier_f32x1, i);                                              \
    }

// One RMSProp element block of type VT at offset i.
#define VERNIER_RMSPROP_STEP(VT, i)                                                                              \
    do {                                                                                                         \
        VT p = *(const VT *)(parameter + (i));                                                                   \
        VT g = *(const VT *)(gradient + (i)) + decay * p;                                                        \
        VT square = *(const VT *)(squares + (i)) * alpha + weight * g * g;                                       \
        *(VT *)(squares + (i)) = square;                                                                         \
        VT variance = square;                                                                                    \
        if (centered) {                                                                                          \
            VT a0 = *(const VT *)(averages + (i));                                                               \
            VT average = (fromAverage * a0 + keepAverage * g) + scale * (g - a0);                                \
            *(VT *)(averages + (i)) = average;                                                                   \
            variance = square - average * average;                                                               \
        }                                                                                                        \
        VT denominator = VERNIER_SQRT(variance) + epsilon;                                                       \
        if (momentum > 0) {                                                                                      \
            VT velocity = *(const VT *)(velocities + (i)) * momentum + g / denominator;                          \
            *(VT *)(velocities + (i)) = velocity;                                                                \
            *(VT *)(parameter + (i)) = p - rate * velocity;                                                      \
        } else {                                                                                                 \
            *(VT *)(parameter + (i)) = p - rate * (g / denominator);                                             \
        }                                                                                                        \
    } while (0)

#define VERNIER_DEFINE_RMSPROP(NAME, VT, LANES, ATTRIBUTES)                                                       \
    ATTRIBUTES static void NAME(float *restrict parameter, const float *restrict gradient, float *restrict squares, \
                                float *restrict averages, float *restrict velocities, size_t count, float rate,  \
                                float alpha, float weight, float fromAverage, float keepAverage, float scale,     \
                                float epsilon, float decay, float momentum, int centered) {                      \
        size_t i = 0;                                                                                            \
        for (; i + (LANES) <= count; i += (LANES)) VERNIER_RMSPROP_STEP(VT, i);                                  \
        for (; i < count; i++) VERNIER_RMSPROP_STEP(vernier_f32x1, i);                                           \
    }

// One Adagrad element block of type VT at offset i.
#define VERNIER_ADAGRAD_STEP(VT, i)                                                                              \
    do {                                                                                                         \
        VT p = *(const VT *)(parameter + (i));                                                                   \
        VT g = *(const VT *)(gradient + (i)) + decay * p;                                                        \
        VT s = *(const VT *)(sums + (i)) + g * g;                                                                \
        *(VT *)(sums + (i)) = s;                                                                                 \
        *(VT *)(parameter + (i)) = p - rate * (g / (VERNIER_SQRT(s) + epsilon));                                 \
    } while (0)

#define VERNIER_DEFINE_ADAGRAD(NAME, VT, LANES, ATTRIBUTES)                                                       \
    ATTRIBUTES static void NAME(float *restrict parameter, const float *restrict gradient, float *restrict sums,  \
                                size_t count, float rate, float decay, float epsilon) {                          \
        size_t i = 0;                                                                                            \
        for (; i + (LANES) <= count; i += (LANES)) VERNIER_ADAGRAD_STEP(VT, i);                                  \
        for (; i < count; i++) VERNIER_ADAGRAD_STEP(vernier_f32x1, i);                                           \
    }

VERNIER_DEFINE_ADAGRAD(adagrad_portable, vernier_f32x1, 1, )
VERNIER_DEFINE_ADAM(adam_portable, vernier_f32x1, 1, __attribute__((noinline)))
VERNIER_DEFINE_RMSPROP(rmsprop_portable, vernier_f32x1, 1, )

#if defined(__x86_64__)
VERNIER_DEFINE_ADAM(adam_sse2, vernier_f32x4, 4, __attribute__((noinline)))
VERNIER_DEFINE_ADAM(adam_avx2, vernier_f32x8, 8, __attribute__((target("avx2"), noinline)))
VERNIER_DEFINE_ADAGRAD(adagrad_sse2, vernier_f32x4, 4, )
VERNIER_DEFINE_ADAGRAD(adagrad_avx2, vernier_f32x8, 8, __attribute__((target("avx2"))))
VERNIER_DEFINE_RMSPROP(rmsprop_sse2, vernier_f32x4, 4, )
VERNIER_DEFINE_RMSPROP(rmsprop_avx2, vernier_f32x8, 8, __attribute__((target("avx2"))))
#endif

static int vernier_detected_isa = -1;
static int vernier_forced_isa = -1;

static int vernier_detect_isa(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") ? 2 : 1;
#else
    return 0;
#endif
}

int vernier_kernels_isa(void) {
    int forced = __atomic_load_n(&vernier_forced_isa, __ATOMIC_RELAXED);
    int detected = __atomic_load_n(&vernier_detected_isa, __ATOMIC_RELAXED);
    if (detected < 0) {
        detected = vernier_detect_isa();
        __atomic_store_n(&vernier_detected_isa, detected, __ATOMIC_RELAXED);
    }
    return forced >= 0 && forced < detected ? forced : detected;
}

void vernier_kernels_limit_isa(int isa) { __atomic_store_n(&vernier_forced_isa, isa, __ATOMIC_RELAXED); }

// Adam on x86-64 runs with subnormal inputs and results taken as 0 (MXCSR's DAZ and FTZ bits), restored on return:
// the moments of parameters whose gradient is exactly 0 (dead ReLU units) decay through the subnormal range, where
// each operation costs some 100 cycles more, and flushing them moves a parameter by less than 1e-30 per update (the
// kernels are separate, non-inlined calls, so no arithmetic moves across the mode switch). Other architectures, and
// the other optimizers, keep gradual underflow.
#if defined(__x86_64__)
#define VERNIER_FLUSH_BEGIN unsigned int vernier_saved_csr_ = _mm_getcsr(); _mm_setcsr(vernier_saved_csr_ | 0x8040u)
#define VERNIER_FLUSH_END _mm_setcsr(vernier_saved_csr_)
#else
#define VERNIER_FLUSH_BEGIN
#define VERNIER_FLUSH_END
#endif

static void vernier_adam_dispatch(float *parameter, const float *gradient, float *first, float *second, size_t count,
                                  float fromFirst, float keep, float scale, float beta2, float oneMinusBeta2,
                                  float epsilon, float l2Decay, float shrink, float stepSize, float correction2Root) {
    switch (vernier_kernels_isa()) {
#if defined(__x86_64__)
    case 2:
        adam_avx2(parameter, gradient, first, second, count, fromFirst, keep, scale, beta2, oneMinusBeta2, epsilon,
                  l2Decay, shrink, stepSize, correction2Root);
        return;
    case 1:
        adam_sse2(parameter, gradient, first, second, count, fromFirst, keep, scale, beta2, oneMinusBeta2, epsilon,
                  l2Decay, shrink, stepSize, correction2Root);
        return;
#endif
    default:
        adam_portable(parameter, gradient, first, second, count, fromFirst, keep, scale, beta2, oneMinusBeta2,
                      epsilon, l2Decay, shrink, stepSize, correction2Root);
    }
}

void vernier_adam_f32(float *parameter, const float *gradient, float *first, float *second, size_t count,
                      float fromFirst, float keep, float scale, float beta2, float oneMinusBeta2, float epsilon,
                      float l2Decay, float shrink, float stepSize, float correction2Root) {
    VERNIER_FLUSH_BEGIN;
    vernier_adam_dispatch(parameter, gradient, first, second, count, fromFirst, keep, scale, beta2, oneMinusBeta2,
                          epsilon, l2Decay, shrink, stepSize, correction2Root);
    VERNIER_FLUSH_END;
}

void vernier_adam_many_f32(float *const *parameters, const float *const *gradients, const size_t *counts,
                           size_t tensors, float *first, float *second, size_t begin, size_t end, float fromFirst,
                           float keep, float scale, float beta2, float oneMinusBeta2, float epsilon, float l2Decay,
                           float shrink, float stepSize, float correction2Root) {
    VERNIER_FLUSH_BEGIN;
    size_t start = 0;
    for (size_t i = 0; i < tensors && start < end; i++) {
        size_t stop = start + counts[i];
        size_t from = begin > start ? begin : start;
        size_t to = end < stop ? end : stop;
        if (from < to) {
            vernier_adam_dispatch(parameters[i] + (from - start), gradients[i] + (from - start), first + from,
                                  second + from, to - from, fromFirst, keep, scale, beta2, oneMinusBeta2, epsilon,
                                  l2Decay, shrink, stepSize, correction2Root);
        }
        start = stop;
    }
    VERNIER_FLUSH_END;
}

void vernier_rmsprop_f32(float *parameter, const float *gradient, float *squares, float *averages,
                         float *velocities, size_t count, float rate, float alpha, float weight, float fromAverage,
                         float keepAverage, float scale, float epsilon, float decay, float momentum, int centered) {
    switch (vernier_kernels_isa()) {
#if defined(__x86_64__)
    case 2:
        rmsprop_avx2(parameter, gradient, squares, averages, velocities, count, rate, alpha, weight, fromAverage,
                     keepAverage, scale, epsilon, decay, momentum, centered);
        return;
    case 1:
        rmsprop_sse2(parameter, gradient, squares, averages, velocities, count, rate, alpha, weight, fromAverage,
                     keepAverage, scale, epsilon, decay, momentum, centered);
        return;
#endif
    default:
        rmsprop_portable(parameter, gradient, squares, averages, velocities, count, rate, alpha, weight,
                         fromAverage, keepAverage, scale, epsilon, decay, momentum, centered);
    }
}

void vernier_adagrad_f32(float *parameter, const float *gradient, float *sums, size_t count, float rate, float decay,
                         float epsilon) {
    switch (vernier_kernels_isa()) {
#if defined(__x86_64__)
    case 2:
        adagrad_avx2(parameter, gradient, sums, count, rate, decay, epsilon);
        return;
    case 1:
        adagrad_sse2(parameter, gradient, sums, count, rate, decay, epsilon);
        return;
#endif
    default:
        adagrad_portable(parameter, gradient, sums, count, rate, decay, epsilon);
    }
}
