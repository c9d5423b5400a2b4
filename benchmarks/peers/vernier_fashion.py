"""Fashion-MNIST exactly as Vernier prepares it, for the PyTorch peers (numpy only).

Vernier's `MNIST` reader (Sources/VernierData/Readers/MNIST.swift) scales pixels to [0, 1] (`x * (1/255)` in
Float), cuts the 60,000 training images into 50,000 train and 10,000 validation images by a Fisher-Yates
shuffle of 0..<60000 drawn from `Xoshiro256(seed: data-seed)` (seeded by SplitMix64; `nextInt(below:)` is
Lemire's multiply-shift with rejection), and standardizes every split with ONE scalar mean and standard
deviation (population, accumulated in double) fitted on the 50,000 training images (`Standardizer(fittedOn:,
perFeature: false)`). This module repeats those steps bit for bit, so a peer trains on the same images with the
same inputs.

  from vernier_fashion import fashion_splits
  (train_x, train_y), (validation_x, validation_y), (test_x, test_y), (mean, deviation) = fashion_splits()
"""
import gzip
import os
import struct

import numpy as np

FASHION = "/usr/share/datasets/fashion-mnist"
MASK = (1 << 64) - 1


def idx(path):
    """The array of an IDX file (raw or gzip)."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as handle:
        data = handle.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


class Xoshiro256:
    """Vernier's `Xoshiro256` (xoshiro256**), seeded through SplitMix64 like `Xoshiro256(seed:)`."""

    def __init__(self, seed):
        state = seed & MASK
        words = []
        for _ in range(4):
            state = (state + 0x9E3779B97F4A7C15) & MASK
            z = state
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            words.append(z ^ (z >> 31))
        self.s = words

    def next(self):
        s = self.s
        rotated = ((s[1] * 5) & MASK)
        result = ((((rotated << 7) | (rotated >> 57)) & MASK) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = ((s[3] << 45) | (s[3] >> 19)) & MASK
        return result

    def next_int_below(self, bound):
        """`nextInt(below:)`: the high word of a 64×64-bit product, rejecting the biased low words."""
        product = self.next() * bound
        if (product & MASK) < bound:
            threshold = ((1 << 64) - bound) % bound
            while (product & MASK) < threshold:
                product = self.next() * bound
        return product >> 64


def vernier_order(count, seed):
    """`Array(0..<count).deterministicShuffle(using: &Xoshiro256(seed: seed))`."""
    generator = Xoshiro256(seed)
    order = list(range(count))
    i = count - 1
    while i > 0:
        j = generator.next_int_below(i + 1)
        order[i], order[j] = order[j], order[i]
        i -= 1
    return np.array(order)


def unit_pixels(images):
    """`[N, 784]` float32 pixels `x * (1/255)`, rounded as Vernier rounds them (Float)."""
    return images.reshape(len(images), -1).astype(np.float32) * np.float32(1 / 255)


def fashion_splits(directory=FASHION, validation_count=10_000, data_seed=0, standardize=True):
    """((train_x, train_y), (validation_x, validation_y), (test_x, test_y), (mean, deviation)): float32 `[N, 784]`
    features (standardized, or pixels / 255 with `standardize=False`) and int64 labels of Vernier's split, and the
    scalar statistics fitted on the training images."""
    train_images = idx(os.path.join(directory, "train-images-idx3-ubyte.gz"))
    train_labels = idx(os.path.join(directory, "train-labels-idx1-ubyte.gz")).astype(np.int64)
    test_images = idx(os.path.join(directory, "t10k-images-idx3-ubyte.gz"))
    test_labels = idx(os.path.join(directory, "t10k-labels-idx1-ubyte.gz")).astype(np.int64)
    order = vernier_order(len(train_images), data_seed)
    train_end = len(train_images) - validation_count
    train_index, validation_index = order[:train_end], order[train_end:]
    train_x = unit_pixels(train_images[train_index])
    values = train_x.astype(np.float64)
    mean = values.mean()
    deviation = np.sqrt(((values - mean) ** 2).mean())
    mean32, inverse32 = np.float32(mean), np.float32(1) / np.float32(deviation if deviation > 1e-12 else 1)

    def scaled(x):
        return ((x - mean32) * inverse32).astype(np.float32) if standardize else x

    return ((scaled(train_x), train_labels[train_index]),
            (scaled(unit_pixels(train_images[validation_index])), train_labels[validation_index]),
            (scaled(unit_pixels(test_images)), test_labels), (float(mean32), float(deviation)))
