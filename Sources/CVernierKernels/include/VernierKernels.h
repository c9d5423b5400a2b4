#ifndef VERNIER_KERNELS_H
#define VERNIER_KERNELS_H

#include <stddef.h>

/// Element-wise optimizer updates, pooling and convolution kernels in C, so that each can use the widest vector unit the CPU has (chosen at run
/// time: AVX2 where present, else SSE2 on x86-64, plain C elsewhere) while the package itself builds for the
/// baseline CPU. Every variant performs the same IEEE operations in the same order (no fused multiply-add), so
/// the results are bit-identical whichever path runs.

#ifdef __cplusplus
extern "C" {
#endif

/// Adam/AdamW on one buffer (on x86-64 with subnormal inputs and results taken as 0, MXCSR's DAZ and FTZ bits set for
/// the call and the caller's mode restored after it; the same on every path):
///   p ← p·shrink;  g ← g + l2·p;  m ← (fromFirst·m + keep·g) + scale·(g − m);  v ← v·beta2 + (oneMinusBeta2·g)·g;
///   p ← p − stepSize·(m / (√v / correction2Root + epsilon)).
void vernier_adam_f32(float *parameter, const float *gradient, float *first, float *second, size_t count,
                      float fromFirst, float keep, float scale, float beta2, float oneMinusBeta2, float epsilon,
                      float l2Decay, float shrink, float stepSize, float correction2Root);

/// `vernier_adam_f32` over the elements `begin..<end` of several parameters taken as one sequence: parameter `i`
/// has `counts[i]` elements at `parameters[i]`, its gradient at `gradients[i]`; the moments of the whole sequence
/// are `first` and `second`, one flat buffer each (parameter `i`'s start where parameter `i − 1`'s end). Every
/// element gets exactly the operations of `vernier_adam_f32`, so any split of the sequence gives the same bits.
void vernier_adam_many_f32(float *const *parameters, const float *const *gradients, const size_t *counts,
                           size_t tensors, float *first, float *second, size_t begin, size_t end, float fromFirst,
                           float keep, float scale, float beta2, float oneMinusBeta2, float epsilon, float l2Decay,
                           float shrink, float stepSize, float correction2Root);

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

/// `vernier_maxpool2x2_f32` that also writes each window's winner (0 top left, 1 top right, 2 bottom left, 3 bottom
/// right: the first element equal to the maximum, or the first NaN) to `winners`, one byte per output.
void vernier_maxpool2x2_winners_f32(const float *input, float *output, unsigned char *winners, size_t rowPairs,
                                    size_t width);

/// The gradient of `vernier_maxpool2x2_winners_f32` from its recorded winners: each window's four `result` elements
/// get `upstream` at the winner, 0 elsewhere; with `relu`, 0 everywhere in windows whose `pooled` value is not
/// above 0 (the gradient through a ReLU before the pooling).
void vernier_maxpool2x2_scatter_f32(const float *upstream, const float *pooled, const unsigned char *winners,
                                    int relu, float *result, size_t rowPairs, size_t width);

/// `target[i] = max(source[i] + shift, 0)` for `i < count`, NaN passing through (`source` may be `target`).
void vernier_bias_relu_f32(const float *source, float shift, float *target, size_t count);

/// `target[i] = saved[i] > 0 ? source[i] : 0` for `i < count`: a gradient through ReLU from the saved output.
void vernier_relu_mask_f32(const float *source, const float *saved, float *target, size_t count);

/// The floats of scratch the single-channel 3×3 convolution kernels need: the zero-bordered `(height + 2) ·
/// (width + 2)` plane, then the weight gradient's strips (`⌈width / 8⌉ · (height + 4) · 8` floats, plus 8 to align
/// them to 32 bytes).
size_t vernier_conv3x3_plane_floats(size_t height, size_t width);

/// Direct 3×3 convolution, stride 1, padding 1, of `count` single-channel `height × width` images (`width ≥ 8`) with
/// `weight` `[outputs, 9]`: `output` `[count, outputs, height, width]` gets the nine products of each position summed
/// as ((p0 + p1) + (p2 + p3)) + ((p4 + p5) + (p6 + p7)) + p8 (taps row by row), plus `bias[o]` (0 when `bias` is NULL), then max(·, 0) when `relu` (NaN passing through). `plane`
/// is scratch of `vernier_conv3x3_plane_floats(height, width)` floats.
void vernier_conv3x3_single_f32(const float *images, size_t count, size_t height, size_t width, const float *weight,
                                const float *bias, size_t outputs, int relu, float *output, float *plane);

/// The weight and bias gradients of `vernier_conv3x3_single_f32`, added per vector lane onto `sums`
/// (`[outputs][10][8]`: nine taps, then the bias; zero it before the first call): the output gradient `gradient`
/// `[count, outputs, height, width]`, masked by `saved > 0` (the ReLU's forward output) unless `saved` is NULL, times
/// the padded input. `plane` as for the forward.
void vernier_conv3x3_single_gradient_f32(const float *images, const float *gradient, const float *saved,
                                         size_t count, size_t height, size_t width, size_t outputs, float *sums,
                                         float *plane);

/// `vernier_conv3x3_single_gradient_f32` for a convolution followed by 2×2 max pooling (`height` and `width` even),
/// from the pooled output's gradient `upstream`, values `pooled` and `winners` (`[count, outputs, height / 2,
/// width / 2]`, as vernier_maxpool2x2_winners_f32 wrote them): the gradient vernier_maxpool2x2_scatter_f32 would
/// write, with `relu`, is formed in the kernel's scratch instead of a full-size plane.
void vernier_conv3x3_single_pooled_gradient_f32(const float *images, const float *upstream, const float *pooled,
                                                const unsigned char *winners, int relu, size_t count, size_t height,
                                                size_t width, size_t outputs, float *sums, float *plane);

/// Adds the eight lanes of each sum of the `vernier_conv3x3_single_*gradient_f32` kernels in a fixed order:
/// `weightGradient` `[outputs, 9]` and, unless NULL, `biasGradient` `[outputs]`.
void vernier_conv3x3_single_gradient_reduce(const float *sums, size_t outputs, float *weightGradient,
                                            float *biasGradient);

/// Folds the unfolded input gradient of a 3×3, stride 1, padding 1 convolution of `channels × height × width`
/// images (`width ≥ 8`) back onto one image: `columns` holds `channels · 9` rows (channel, kernel row, kernel
/// column), `rowStride` floats apart, of `height · width` entries each; `image` is overwritten with, per element, the
/// sum of its (up to nine) entries added in that row order onto 0.
void vernier_col2im3x3_f32(const float *columns, size_t rowStride, size_t channels, size_t height, size_t width,
                           float *image);

/// Which code path the kernels use on this CPU: 2 = AVX2, 1 = SSE2, 0 = portable C.
int vernier_kernels_isa(void);

/// Restricts the kernels to paths up to `isa` (tests use it to compare the paths); a negative value lifts it.
void vernier_kernels_limit_isa(int isa);

#ifdef __cplusplus
}
#endif

#endif
