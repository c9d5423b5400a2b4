#ifndef VERNIER_KERNELS_H
#define VERNIER_KERNELS_H

#include <stddef.h>

/// Element-wise optimizer updates and pooling kernels in C, so that each can use the widest vector unit the CPU has (chosen at run
/// time: AVX2 where present, else SSE2 on x86-64, plain C elsewhere) while the package itself builds for the
/// baseline CPU. Every variant performs the same IEEE operations in the same order (no fused multiply-add), so
/// the results are bit-identical whichever path runs.

#ifdef __cplusplus
extern "C" {
#endif

/// Adam/AdamW on one buffer:
///   p ← p·shrink;  g ← g + l2·p;  m ← (fromFirst·m + keep·g) + scale·(g − m);  v ← v·beta2 + (oneMinusBeta2·g)·g;
///   p ← p − stepSize·(m / (√v / correction2Root + epsilon)).
void vernier_adam_f32(float *parameter, const float *gradient, float *first, float *second, size_t count,
                      float fromFirst, float keep, float scale, float beta2, float oneMinusBeta2, float epsilon,
                      float l2Decay, float shrink, float stepSize, float correction2Root);

/// RMSProp on one buffer (`averages` is used only when `centered`, `velocities` only when momentum > 0):
///   g ← g + decay·p;  s ← s·alpha + (weight·g)·g;  variance = s, or s − a² with
///   a ← (fromAverage·a + keepAverage·g) + scale·(g − a) when centered;  d = √variance + epsilon;
///   b ← b·momentum + g/d and p ← p − rate·b with momentum, else p ← p − rate·(g/d).
void vernier_rmsprop_f32(float *parameter, const float *gradient, float *squares, float *averages,
                         float *velocities, size_t count, float rate, float alpha, float weight, float fromAverage,
                         float keepAverage, float scale, float epsilon, float decay, float momentum, int centered);

/// Adagrad on one buffer: g ← g + decay·p;  s ← s + g·g;  p ← p − rate·(g / (√s + epsilon)).
void vernier_adagrad_f32(float *parameter, const float *gradient, float *sums, size_t count, float rate, float decay,
                         float epsilon);

/// 2×2 max pooling with stride 2 over `rowPairs` pairs of rows of `width` (even) floats, laid out one after the
/// other (planes of even height, back to back): `output` gets `rowPairs · width / 2` window maxima, NaN for a window
/// holding one.
void vernier_maxpool2x2_f32(const float *input, float *output, size_t rowPairs, size_t width);

/// The gradient of `vernier_maxpool2x2_f32`: each window's four `result` elements get `upstream` at the first
/// element (top left, top right, bottom left, bottom right) equal to the window's `pooled` value or NaN, 0 elsewhere
/// (the bottom right when none matched).
void vernier_maxpool2x2_gradient_f32(const float *upstream, const float *input, const float *pooled, float *result,
                                     size_t rowPairs, size_t width);

/// `target[i] = max(source[i] + shift, 0)` for `i < count`, NaN passing through (`source` may be `target`).
void vernier_bias_relu_f32(const float *source, float shift, float *target, size_t count);

/// `target[i] = saved[i] > 0 ? source[i] : 0` for `i < count`: a gradient through ReLU from the saved output.
void vernier_relu_mask_f32(const float *source, const float *saved, float *target, size_t count);

/// Which code path the kernels use on this CPU: 2 = AVX2, 1 = SSE2, 0 = portable C.
int vernier_kernels_isa(void);

/// Restricts the kernels to paths up to `isa` (tests use it to compare the paths); a negative value lifts it.
void vernier_kernels_limit_isa(int isa);

#ifdef __cplusplus
}
#endif

#endif
