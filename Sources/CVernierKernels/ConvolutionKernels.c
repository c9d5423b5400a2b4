// Direct 3×3 convolution (stride 1, padding 1) of single-channel images, forward with the bias and ReLU fused, and
// its weight and bias gradients. Eight output columns at a time; rows as wide as the image are covered by vectors
// starting every 8 columns plus one final vector that ends at the last column (it may overlap the one before).
// Products and sums only, no fused multiply-add, in a fixed order: every path gives the same bits.
#include "VernierKernels.h"

#include <stdint.h>
#include <string.h>

#pragma clang fp contract(off)

typedef float vernier_conv_f32x8 __attribute__((vector_size(32), aligned(4)));
typedef int vernier_conv_i32x8 __attribute__((vector_size(32), aligned(4)));

// Unaligned loads and stores of eight floats (macros: a function returning a vector would change the ABI between
// the AVX2 and baseline paths).
#define VERNIER_CONV_LOAD(p)                                                                                       \
    ({                                                                                                           \
        vernier_conv_f32x8 v_;                                                                                   \
        memcpy(&v_, (p), sizeof v_);                                                                             \
        v_;                                                                                                      \
    })
#define VERNIER_CONV_STORE(p, v)                                                                                   \
    do {                                                                                                         \
        vernier_conv_f32x8 v_ = (v);                                                                             \
        memcpy((p), &v_, sizeof v_);                                                                             \
    } while (0)

// Copies one `height × width` image into the middle of a `(height + 2) × (width + 2)` plane with a zero border.
static inline __attribute__((always_inline)) void vernier_conv_pad(const float *image, size_t height, size_t width,
                                                                   float *plane) {
    size_t stride = width + 2;
    memset(plane, 0, stride * sizeof(float));
    for (size_t y = 0; y < height; y++) {
        float *row = plane + (y + 1) * stride;
        row[0] = 0;
        memcpy(row + 1, image + y * width, width * sizeof(float));
        row[width + 1] = 0;
    }
    memset(plane + (height + 1) * stride, 0, stride * sizeof(float));
}

// The column where the vector after the one at `x` starts (the last one ends at `width`), or `width` when done.
static inline __attribute__((always_inline)) size_t vernier_conv_next(size_t x, size_t width) {
    if (x + 8 >= width) return width;
    return x + 16 <= width ? x + 8 : width - 8;
}

// One output channel's 8 columns at `x` of one row: the nine products, added as a tree (a short dependency chain):
// ((p0 + p1) + (p2 + p3)) + ((p4 + p5) + (p6 + p7)) + p8.
#define VERNIER_CONV_TAPS(acc, w, rows, x)                                                                          \
    do {                                                                                                        \
        vernier_conv_f32x8 p0_ = VERNIER_CONV_LOAD((rows)[0] + (x)) * (w)[0];                                   \
        vernier_conv_f32x8 p1_ = VERNIER_CONV_LOAD((rows)[0] + (x) + 1) * (w)[1];                               \
        vernier_conv_f32x8 p2_ = VERNIER_CONV_LOAD((rows)[0] + (x) + 2) * (w)[2];                               \
        vernier_conv_f32x8 p3_ = VERNIER_CONV_LOAD((rows)[1] + (x)) * (w)[3];                                   \
        vernier_conv_f32x8 p4_ = VERNIER_CONV_LOAD((rows)[1] + (x) + 1) * (w)[4];                               \
        vernier_conv_f32x8 p5_ = VERNIER_CONV_LOAD((rows)[1] + (x) + 2) * (w)[5];                               \
        vernier_conv_f32x8 p6_ = VERNIER_CONV_LOAD((rows)[2] + (x)) * (w)[6];                                   \
        vernier_conv_f32x8 p7_ = VERNIER_CONV_LOAD((rows)[2] + (x) + 1) * (w)[7];                               \
        vernier_conv_f32x8 p8_ = VERNIER_CONV_LOAD((rows)[2] + (x) + 2) * (w)[8];                               \
        acc = (((p0_ + p1_) + (p2_ + p3_)) + ((p4_ + p5_) + (p6_ + p7_))) + p8_;                               \
    } while (0)

// acc + shift, then max(·, 0) when relu (NaN passing through).
#define VERNIER_CONV_FINISH(acc, shift, relu)                                                                      \
    ({                                                                                                           \
        vernier_conv_f32x8 r_ = (acc) + (shift);                                                                 \
        if (relu) {                                                                                              \
            const vernier_conv_f32x8 zero_ = {0, 0, 0, 0, 0, 0, 0, 0};                                          \
            vernier_conv_i32x8 clamp_ = zero_ >= r_;                                                             \
            r_ = (vernier_conv_f32x8)((vernier_conv_i32x8)r_ & ~clamp_);                                         \
        }                                                                                                        \
        r_;                                                                                                      \
    })

static inline __attribute__((always_inline)) void vernier_conv3x3_body(const float *restrict images, size_t count,
                                                                       size_t height, size_t width,
                                                                       const float *restrict weight,
                                                                       const float *restrict bias, size_t outputs,
                                                                       int relu, float *restrict output,
                                                                       float *restrict plane) {
    size_t stride = width + 2, planeSize = height * width;
    for (size_t n = 0; n < count; n++) {
        vernier_conv_pad(images + n * planeSize, height, width, plane);
        for (size_t o = 0; o < outputs; o++) {
            // One channel at a time: its nine weights stay in registers, two vectors of columns in flight.
            const float *w = weight + o * 9;
            float shift = bias ? bias[o] : 0;
            float *out = output + (n * outputs + o) * planeSize;
            for (size_t y = 0; y < height; y++) {
                const float *rows[3] = {plane + y * stride, plane + (y + 1) * stride, plane + (y + 2) * stride};
                size_t x = 0;
                while (x < width) {
                    size_t next = vernier_conv_next(x, width);
                    vernier_conv_f32x8 a;
                    VERNIER_CONV_TAPS(a, w, rows, x);
                    if (next < width) {
                        vernier_conv_f32x8 b;
                        VERNIER_CONV_TAPS(b, w, rows, next);
                        VERNIER_CONV_STORE(out + y * width + next, VERNIER_CONV_FINISH(b, shift, relu));
                        VERNIER_CONV_STORE(out + y * width + x, VERNIER_CONV_FINISH(a, shift, relu));
                        x = vernier_conv_next(next, width);
                    } else {
                        VERNIER_CONV_STORE(out + y * width + x, VERNIER_CONV_FINISH(a, shift, relu));
                        x = next;
                    }
                }
            }
        }
    }
}

// The 8-column vectors (strips) of a row: ⌈width / 8⌉, the last one ending at the last column.
static inline size_t vernier_conv_strips(size_t width) { return (width + 7) / 8; }

// The floats of the gradient's column scratch: each strip's `height` rows of 8 floats with two zero rows above and
// below, plus 8 floats to align it to 32 bytes.
static inline size_t vernier_conv_column_floats(size_t height, size_t width) {
    return vernier_conv_strips(width) * (height + 4) * 8 + 8;
}

// Copies one channel's output gradient into `columns`, strip after strip (`height + 4` vectors each: two zero rows,
// the rows, two zero rows), masked by `saved > 0` when given and with the lanes an overlapping last strip shares
// with the strip before it cleared (so every column counts once).
static inline __attribute__((always_inline)) void vernier_conv_gather_columns(const float *restrict gradient,
                                                                              const float *restrict saved,
                                                                              size_t height, size_t width,
                                                                              vernier_conv_f32x8 *restrict columns) {
    const vernier_conv_f32x8 zero = {0, 0, 0, 0, 0, 0, 0, 0};
    const vernier_conv_i32x8 lane = {0, 1, 2, 3, 4, 5, 6, 7};
    size_t done = 0, s = 0;
    for (size_t x = 0; x < width; x = vernier_conv_next(x, width), s++) {
        vernier_conv_i32x8 keep = (lane + (int)x) >= (int)done;
        vernier_conv_f32x8 *column = columns + s * (height + 4);
        column[0] = column[1] = column[height + 2] = column[height + 3] = zero;
        for (size_t y = 0; y < height; y++) {
            vernier_conv_i32x8 mask = keep;
            if (saved) mask = mask & (VERNIER_CONV_LOAD(saved + y * width + x) > zero);
            vernier_conv_f32x8 d = VERNIER_CONV_LOAD(gradient + y * width + x);
            column[y + 2] = (vernier_conv_f32x8)((vernier_conv_i32x8)d & mask);
        }
        done = x + 8;
    }
}

// `vernier_conv_gather_columns` of the gradient at a 2×2 max pooling's input (`height` and `width` even): each
// window's `upstream` value at its recorded winner (0 top left, 1 top right, 2 bottom left, 3 bottom right), 0 at
// the other three and, with `relu`, in windows whose `pooled` value is not above 0; what
// vernier_maxpool2x2_scatter_f32 writes, without writing it.
static inline __attribute__((always_inline)) void vernier_conv_gather_pooled_columns(
    const float *restrict upstream, const float *restrict pooled, const unsigned char *restrict winners, int relu,
    size_t height, size_t width, vernier_conv_f32x8 *restrict columns) {
    typedef float f32x4 __attribute__((vector_size(16), aligned(4)));
    typedef int i32x4 __attribute__((vector_size(16), aligned(4)));
    typedef unsigned char u8x4 __attribute__((vector_size(4), aligned(1)));
    const vernier_conv_f32x8 zero = {0, 0, 0, 0, 0, 0, 0, 0};
    const f32x4 zero4 = {0, 0, 0, 0};
    const vernier_conv_i32x8 lane = {0, 1, 2, 3, 4, 5, 6, 7}, column = {0, 1, 0, 1, 0, 1, 0, 1};
    size_t half = width / 2, done = 0, s = 0;
    for (size_t x = 0; x < width; x = vernier_conv_next(x, width), s++) {
        vernier_conv_i32x8 keep = (lane + (int)x) >= (int)done;
        vernier_conv_f32x8 *target = columns + s * (height + 4);
        target[0] = target[1] = target[height + 2] = target[height + 3] = zero;
        for (size_t y = 0; y < height; y += 2) {
            size_t window = (y / 2) * half + x / 2;
            f32x4 g, m;
            u8x4 bytes;
            memcpy(&g, upstream + window, sizeof g);
            memcpy(&m, pooled + window, sizeof m);
            memcpy(&bytes, winners + window, sizeof bytes);
            if (relu) g = (f32x4)((i32x4)g & (m > zero4));
            vernier_conv_f32x8 value = __builtin_shufflevector(g, g, 0, 0, 1, 1, 2, 2, 3, 3);
            i32x4 w4 = __builtin_convertvector(bytes, i32x4);
            vernier_conv_i32x8 winner = __builtin_shufflevector(w4, w4, 0, 0, 1, 1, 2, 2, 3, 3);
            target[y + 2] = (vernier_conv_f32x8)((vernier_conv_i32x8)value & (winner == column) & keep);
            target[y + 3] = (vernier_conv_f32x8)((vernier_conv_i32x8)value & (winner == column + 2) & keep);
        }
        done = x + 8;
    }
}

// Adds one image's weight and bias gradients, per lane, onto `sums` ([outputs][10][8]: nine taps, then the bias).
// Each strip walks down the padded rows: a row's three shifted input vectors are loaded once and meet the gradient
// rows below, at and above it (taps rows 0, 1 and 2), which the zero rows around each strip make branch-free.
// With `winners`, the output gradient is that of a 2×2 max pooling after the convolution (`gradient` the pooled
// output's gradient, `saved` the pooled values), as vernier_conv_gather_pooled_columns reads it.
static inline __attribute__((always_inline)) void vernier_conv3x3_gradient_body(
    const float *restrict images, const float *restrict gradient, const float *restrict saved,
    const unsigned char *restrict winners, int relu, size_t count, size_t height, size_t width, size_t outputs,
    float *restrict sums, float *restrict plane) {
    size_t stride = width + 2, planeSize = height * width, length = height + 4;
    float *scratch = plane + (height + 2) * stride;
    vernier_conv_f32x8 *columns = (vernier_conv_f32x8 *)(scratch + ((8 - ((uintptr_t)scratch / 4) % 8) % 8));
    for (size_t n = 0; n < count; n++) {
        vernier_conv_pad(images + n * planeSize, height, width, plane);
        for (size_t o = 0; o < outputs; o++) {
            if (winners) {
                size_t offset = (n * outputs + o) * (planeSize / 4);
                vernier_conv_gather_pooled_columns(gradient + offset, saved + offset, winners + offset, relu, height,
                                                   width, columns);
            } else {
                size_t offset = (n * outputs + o) * planeSize;
                vernier_conv_gather_columns(gradient + offset, saved ? saved + offset : NULL, height, width, columns);
            }
            float *sum = sums + o * 80;
            vernier_conv_f32x8 t0 = VERNIER_CONV_LOAD(sum), t1 = VERNIER_CONV_LOAD(sum + 8),
                               t2 = VERNIER_CONV_LOAD(sum + 16), t3 = VERNIER_CONV_LOAD(sum + 24),
                               t4 = VERNIER_CONV_LOAD(sum + 32), t5 = VERNIER_CONV_LOAD(sum + 40),
                               t6 = VERNIER_CONV_LOAD(sum + 48), t7 = VERNIER_CONV_LOAD(sum + 56),
                               t8 = VERNIER_CONV_LOAD(sum + 64), b = VERNIER_CONV_LOAD(sum + 72);
            size_t s = 0;
            for (size_t x = 0; x < width; x = vernier_conv_next(x, width), s++) {
                const vernier_conv_f32x8 *column = columns + s * length;
                const float *row = plane + x;
                for (size_t r = 0; r < height + 2; r++, row += stride) {
                    // Padded row r: gradient row r (taps 0-2), r - 1 (taps 3-5), r - 2 (taps 6-8).
                    vernier_conv_f32x8 i0 = VERNIER_CONV_LOAD(row), i1 = VERNIER_CONV_LOAD(row + 1),
                                       i2 = VERNIER_CONV_LOAD(row + 2);
                    vernier_conv_f32x8 d = column[r + 2];
                    t0 = t0 + d * i0;
                    t1 = t1 + d * i1;
                    t2 = t2 + d * i2;
                    b = b + d;
                    d = column[r + 1];
                    t3 = t3 + d * i0;
                    t4 = t4 + d * i1;
                    t5 = t5 + d * i2;
                    d = column[r];
                    t6 = t6 + d * i0;
                    t7 = t7 + d * i1;
                    t8 = t8 + d * i2;
                }
            }
            VERNIER_CONV_STORE(sum, t0);
            VERNIER_CONV_STORE(sum + 8, t1);
            VERNIER_CONV_STORE(sum + 16, t2);
            VERNIER_CONV_STORE(sum + 24, t3);
            VERNIER_CONV_STORE(sum + 32, t4);
            VERNIER_CONV_STORE(sum + 40, t5);
            VERNIER_CONV_STORE(sum + 48, t6);
            VERNIER_CONV_STORE(sum + 56, t7);
            VERNIER_CONV_STORE(sum + 64, t8);
            VERNIER_CONV_STORE(sum + 72, b);
        }
    }
}

static void conv3x3_baseline(const float *images, size_t count, size_t height, size_t width, const float *weight,
                             const float *bias, size_t outputs, int relu, float *output, float *plane) {
    vernier_conv3x3_body(images, count, height, width, weight, bias, outputs, relu, output, plane);
}

static void conv3x3_gradient_baseline(const float *images, const float *gradient, const float *saved,
                                      const unsigned char *winners, int relu, size_t count, size_t height,
                                      size_t width, size_t outputs, float *sums, float *plane) {
    vernier_conv3x3_gradient_body(images, gradient, saved, winners, relu, count, height, width, outputs, sums, plane);
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) static void conv3x3_avx2(const float *images, size_t count, size_t height,
                                                          size_t width, const float *weight, const float *bias,
                                                          size_t outputs, int relu, float *output, float *plane) {
    vernier_conv3x3_body(images, count, height, width, weight, bias, outputs, relu, output, plane);
}

__attribute__((target("avx2"))) static void conv3x3_gradient_avx2(const float *images, const float *gradient,
                                                                   const float *saved, const unsigned char *winners,
                                                                   int relu, size_t count, size_t height,
                                                                   size_t width, size_t outputs, float *sums,
                                                                   float *plane) {
    vernier_conv3x3_gradient_body(images, gradient, saved, winners, relu, count, height, width, outputs, sums, plane);
}
#endif

size_t vernier_conv3x3_plane_floats(size_t height, size_t width) {
    return (height + 2) * (width + 2) + vernier_conv_column_floats(height, width);
}

void vernier_conv3x3_single_f32(const float *images, size_t count, size_t height, size_t width, const float *weight,
                                const float *bias, size_t outputs, int relu, float *output, float *plane) {
#if defined(__x86_64__)
    if (vernier_kernels_isa() == 2) {
        conv3x3_avx2(images, count, height, width, weight, bias, outputs, relu, output, plane);
        return;
    }
#endif
    conv3x3_baseline(images, count, height, width, weight, bias, outputs, relu, output, plane);
}

static void vernier_conv3x3_gradient(const float *images, const float *gradient, const float *saved,
                                     const unsigned char *winners, int relu, size_t count, size_t height,
                                     size_t width, size_t outputs, float *sums, float *plane) {
#if defined(__x86_64__)
    if (vernier_kernels_isa() == 2) {
        conv3x3_gradient_avx2(images, gradient, saved, winners, relu, count, height, width, outputs, sums, plane);
        return;
    }
#endif
    conv3x3_gradient_baseline(images, gradient, saved, winners, relu, count, height, width, outputs, sums, plane);
}

void vernier_conv3x3_single_gradient_f32(const float *images, const float *gradient, const float *saved,
                                         size_t count, size_t height, size_t width, size_t outputs, float *sums,
                                         float *plane) {
    vernier_conv3x3_gradient(images, gradient, saved, NULL, 0, count, height, width, outputs, sums, plane);
}

void vernier_conv3x3_single_pooled_gradient_f32(const float *images, const float *upstream, const float *pooled,
                                                const unsigned char *winners, int relu, size_t count, size_t height,
                                                size_t width, size_t outputs, float *sums, float *plane) {
    vernier_conv3x3_gradient(images, upstream, pooled, winners, relu, count, height, width, outputs, sums, plane);
}

void vernier_conv3x3_single_gradient_reduce(const float *sums, size_t outputs, float *weightGradient,
                                            float *biasGradient) {
    for (size_t o = 0; o < outputs; o++) {
        for (size_t t = 0; t < 10; t++) {
            const float *lanes = sums + o * 80 + t * 8;
            float total = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
            if (t < 9) {
                weightGradient[o * 9 + t] = total;
            } else if (biasGradient) {
                biasGradient[o] = total;
            }
        }
    }
}
