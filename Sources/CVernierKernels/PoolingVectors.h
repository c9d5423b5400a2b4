// Vector types and the select/max rule shared by the 2×2 max-pooling kernels (PoolingKernels.c and
// PoolingWinnerKernels.c): comparisons and selects only, so every instruction-set path gives the same bits.
#ifndef VERNIER_POOLING_VECTORS_H
#define VERNIER_POOLING_VECTORS_H

typedef float vernier_pool_f32x8 __attribute__((vector_size(32), aligned(4)));
typedef float vernier_pool_f32x4 __attribute__((vector_size(16), aligned(4)));
typedef int vernier_pool_i32x8 __attribute__((vector_size(32), aligned(4)));
typedef int vernier_pool_i32x4 __attribute__((vector_size(16), aligned(4)));

// The larger of a and b, NaN when either is (a's NaN first): the scalar rule of the Swift kernels.
static inline float vernier_pool_max(float a, float b) { return ((b > a || b != b) && a == a) ? b : a; }

#define VERNIER_SELECT(VF, VI, mask, yes, no) ((VF)(((VI)(yes) & (mask)) | ((VI)(no) & ~(mask))))

// The element-wise vernier_pool_max of two vectors (VF floats, VI their comparison masks).
#define VERNIER_POOL_MAX(VF, VI, a, b)                                                                             \
    ({                                                                                                           \
        VF left_ = (a), right_ = (b);                                                                            \
        VI takeRight_ = ((right_ > left_) | (right_ != right_)) & (left_ == left_);                              \
        VERNIER_SELECT(VF, VI, takeRight_, right_, left_);                                                       \
    })

// The maxima of the four 2×2 windows that eight columns of two rows (`top`, `bottom`) tile.
static inline __attribute__((always_inline)) vernier_pool_f32x4 vernier_pool_windows8(vernier_pool_f32x8 top,
                                                                                 vernier_pool_f32x8 bottom) {
    vernier_pool_f32x8 m = VERNIER_POOL_MAX(vernier_pool_f32x8, vernier_pool_i32x8, top, bottom);
    vernier_pool_f32x4 left = __builtin_shufflevector(m, m, 0, 2, 4, 6);
    vernier_pool_f32x4 right = __builtin_shufflevector(m, m, 1, 3, 5, 7);
    return VERNIER_POOL_MAX(vernier_pool_f32x4, vernier_pool_i32x4, left, right);
}

// vernier_pool_windows8 for vectors without NaN: the same maxima from plain comparisons (b > a ? b : a).
static inline __attribute__((always_inline)) vernier_pool_f32x4 vernier_pool_windows8_ordered(vernier_pool_f32x8 top,
                                                                                         vernier_pool_f32x8 bottom) {
    vernier_pool_f32x8 m = VERNIER_SELECT(vernier_pool_f32x8, vernier_pool_i32x8, bottom > top, bottom, top);
    vernier_pool_f32x4 left = __builtin_shufflevector(m, m, 0, 2, 4, 6);
    vernier_pool_f32x4 right = __builtin_shufflevector(m, m, 1, 3, 5, 7);
    return VERNIER_SELECT(vernier_pool_f32x4, vernier_pool_i32x4, right > left, right, left);
}

// Whether any lane of `top` or `bottom` is NaN.
static inline __attribute__((always_inline)) int vernier_pool_any_nan(vernier_pool_f32x8 top,
                                                                      vernier_pool_f32x8 bottom) {
    return __builtin_reduce_or((top != top) | (bottom != bottom)) != 0;
}

#endif
