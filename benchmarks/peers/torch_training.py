"""The workloads of `vernier bench training`, in PyTorch (CPU), for side-by-side ratios.

Prints (or writes with --json FILE) a JSON array of records {"name", "value", "unit"} with the same names as
`vernier bench training --json`, measured the same way:

  sgd_step_2_10_1_b10_us        one forward+backward+SGD step of a 2-10-1 MLP (ReLU, sigmoid output, MSE), batch 10
  spirals_epoch_ms              one epoch (400 steps) of the workshop configuration, median of epochs 2..6
  spirals_tanh32_adam_epoch_ms  one epoch of [2,32,32,1] tanh, BCE with logits, Adam 0.01, batch 10
  cubic_2000_steps_ms           2000 full-batch Adam steps of a 1-100-1 ReLU MLP on 80 points (median of 3)
  iris_grid_8_ms                8 configurations (lr {0.01, 0.001} x batch {16, 32} x epochs {50, 100}) of a
                                4-16-3 MLP on 120 flowers, each scored on the 30 test flowers (median of 3)
  fashion_mlp_epoch_s           one Fashion-MNIST epoch of a 784-200-100-50-10 MLP, Adam 1e-3 (fused), batch 64
  fashion_cnn_epoch_s           one Fashion-MNIST epoch of the small CNN (Conv 1-16 3x3, ReLU, max-pool 2,
                                Conv 16-32, ReLU, max-pool 2, Linear 1568-128, ReLU, Linear 128-10), Adam 1e-3,
                                batch 64, 50,000 images: seed 0's median of epochs 2..3 (2..5 with --full)
  fashion_cnn_validation_s      one pass of that model over the 10,000 validation images (no gradient, 2048 at a
                                time, accuracy), median of 3
  fashion_cnn_test_accuracy_5ep with --full: the mean test accuracy after 5 epochs over seeds 0, 1, 2 (seed 0's
                                run is the one timed), and each seed's as fashion_cnn_test_accuracy_5ep_seedN

The Fashion-MNIST data are Vernier's exactly (vernier_fashion.py): the same 50,000 training images (Vernier's
seeded split of the 60,000), pixels / 255 standardized with one scalar mean and standard deviation fitted on them.
The models use PyTorch's default initialization, which Vernier's layers copy.

Run by hand or through `make bench-compare` (needs `pip install torch numpy`; not part of the tests):

  python3 benchmarks/peers/torch_training.py --threads 2 --json torch.json [--full]
"""
import argparse
import json
import math
import os
import statistics
import time

import numpy as np
import torch
import torch.nn as nn

from vernier_fashion import FASHION, fashion_splits

HERE = os.path.dirname(os.path.abspath(__file__))
IRIS = os.path.join(HERE, "..", "..", "Sources", "VernierData", "Resources", "iris.csv")
# The seeds whose 5-epoch test accuracies the `--full` row averages (Vernier's protocol).
CNN_ACCURACY_SEEDS = (0, 1, 2)
# Images per evaluation batch: Vernier's `evaluationBatchSize`, what its `evaluate` passes through the model at once.
EVALUATION_BATCH = 2048


def spirals(n_train=4000, n_val=1000, noise=0.4, seed=1234):
    rng = np.random.default_rng(seed)
    n = n_train + n_val
    phi = rng.uniform(1.0, 15.0, size=n)
    points = np.stack([(phi + 1.0) * np.cos(phi), phi * np.sin(phi)], axis=1) + rng.normal(0, noise, (n, 2))
    labels = np.zeros(n, dtype=np.float32)
    points[n // 2:] *= -1.0
    labels[n // 2:] = 1.0
    order = rng.permutation(n)
    x = torch.tensor(points[order], dtype=torch.float32)
    y = torch.tensor(labels[order]).unsqueeze(1)
    return x[:n_train], y[:n_train]


def mlp(sizes, activation, output=None):
    layers = []
    for index in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[index], sizes[index + 1]))
        if index < len(sizes) - 2:
            layers.append(activation())
    if output is not None:
        layers.append(output())
    return nn.Sequential(*layers)


def epoch(model, loss_fn, optimizer, x, y, batch, generator):
    order = torch.randperm(len(x), generator=generator)
    for start in range(0, len(x), batch):
        index = order[start:start + batch]
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x[index]), y[index])
        loss.backward()
        optimizer.step()


def sgd_step():
    torch.manual_seed(1)
    x, y = spirals(10, 0)
    model = mlp([2, 10, 1], nn.ReLU, nn.Sigmoid)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = nn.MSELoss()

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        optimizer.step()

    for _ in range(200):
        step()
    samples = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(500):
            step()
        samples.append((time.perf_counter() - start) / 500)
    return statistics.median(samples) * 1e6


def spirals_epoch(sizes, activation, output, loss_fn, adam):
    torch.manual_seed(0)
    x, y = spirals()
    model = mlp(sizes, activation, output)
    optimizer = (torch.optim.Adam(model.parameters(), lr=0.01) if adam
                 else torch.optim.SGD(model.parameters(), lr=0.01))
    generator = torch.Generator().manual_seed(0)
    times = []
    for _ in range(6):
        start = time.perf_counter()
        epoch(model, loss_fn, optimizer, x, y, 10, generator)
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:]) * 1e3


def cubic():
    rng = np.random.default_rng(42)
    xs = rng.uniform(-1, 3, 80)
    ys = 1.3 * xs ** 3 - 3 * xs ** 2 + 3.6 * xs + 6.9 + rng.normal(0, 1, 80)
    x = torch.tensor(xs, dtype=torch.float32).unsqueeze(1)
    y = torch.tensor(ys, dtype=torch.float32).unsqueeze(1)
    times = []
    for round_ in range(3):
        torch.manual_seed(round_)
        model = mlp([1, 100, 1], nn.ReLU)
        optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
        loss_fn = nn.MSELoss()
        start = time.perf_counter()
        for _ in range(2000):
            optimizer.zero_grad(set_to_none=True)
            loss_fn(model(x), y).backward()
            optimizer.step()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def iris_grid():
    names = {"setosa": 0, "versicolor": 1, "virginica": 2}
    rows = [line.strip().split(",") for line in open(IRIS).read().splitlines()[1:] if line.strip()]
    features = np.array([[float(v) for v in row[:4]] for row in rows], dtype=np.float32)
    labels = np.array([names[row[4]] for row in rows])
    order = np.random.default_rng(42).permutation(len(rows))
    x = torch.tensor(features[order])
    y = torch.tensor(labels[order])
    x_train, y_train, x_test, y_test = x[:120], y[:120], x[120:], y[120:]
    times = []
    for round_ in range(3):
        start = time.perf_counter()
        for lr in (0.01, 0.001):
            for batch in (16, 32):
                for epochs in (50, 100):
                    torch.manual_seed(round_)
                    model = mlp([4, 16, 3], nn.ReLU)
                    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
                    generator = torch.Generator().manual_seed(round_)
                    for _ in range(epochs):
                        epoch(model, nn.CrossEntropyLoss(), optimizer, x_train, y_train, batch, generator)
                    with torch.no_grad():
                        (model(x_test).argmax(1) == y_test).float().mean().item()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def fashion_data(scaling="standardized"):
    """Vernier's Fashion-MNIST split (vernier_fashion.py) as tensors: `scaling` "standardized" is what Vernier
    trains on (pixels / 255, then one scalar mean and standard deviation fitted on the training images); "unit"
    keeps pixels / 255. None when the data set is not installed."""
    if not os.path.exists(os.path.join(FASHION, "train-images-idx3-ubyte.gz")):
        return None
    splits = fashion_splits(standardize=scaling == "standardized")
    return [(torch.from_numpy(x), torch.from_numpy(y)) for x, y in splits[:3]]


def fashion_epoch(data):
    x, y = data[0]
    torch.manual_seed(0)
    model = mlp([784, 200, 100, 50, 10], nn.ReLU)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, fused=True)
    generator = torch.Generator().manual_seed(0)
    times = []
    for _ in range(2):
        start = time.perf_counter()
        epoch(model, nn.CrossEntropyLoss(), optimizer, x, y, 64, generator)
        times.append(time.perf_counter() - start)
    return times[-1]


def cnn_model(init="default"):
    """The small CNN; `init` "default" is PyTorch's (and Vernier's) initialization, "he" Kaiming-normal weights
    and zero biases in the layers a ReLU follows."""
    network = nn.Sequential(
        nn.Unflatten(1, (1, 28, 28)),
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(32 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))
    if init == "he":
        for layer in list(network)[:-1]:
            if isinstance(layer, (nn.Conv2d, nn.Linear)):
                nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
                nn.init.zeros_(layer.bias)
    return network


def accuracy(model, x, y, batch=EVALUATION_BATCH):
    """The fraction of `x` classified as `y`, in evaluation mode, `batch` images at a time (as Vernier's
    `evaluate`)."""
    model.eval()
    correct = 0
    with torch.no_grad():
        for start in range(0, len(x), batch):
            correct += (model(x[start:start + batch]).argmax(1) == y[start:start + batch]).sum().item()
    model.train()
    return correct / len(x)


def train_cnn(seed, data, epochs, init="default", every_epoch=False):
    """Trains the CNN from `seed` (weights and batch order) for `epochs` on data[0]: returns the training seconds
    of every epoch, the test accuracies (after every epoch with `every_epoch`, else after the last) and the model."""
    (x, y), _, (test_x, test_y) = data
    torch.manual_seed(seed)
    model = cnn_model(init)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    generator = torch.Generator().manual_seed(seed)
    times, accuracies = [], []
    for index in range(epochs):
        start = time.perf_counter()
        epoch(model, nn.CrossEntropyLoss(), optimizer, x, y, 64, generator)
        times.append(time.perf_counter() - start)
        if every_epoch or index == epochs - 1:
            accuracies.append(accuracy(model, test_x, test_y))
    return times, accuracies, model


def fashion_cnn(data, full):
    """The epoch row from seed 0 (median of epochs 2..3, or 2..5 with `full`), the seconds of one validation pass
    over the 10,000 validation images (median of 3), and with `full` the test accuracy after 5 epochs of seeds 0,
    1 and 2."""
    times, accuracies, model = train_cnn(0, data, 5 if full else 3)
    validation_x, validation_y = data[1]
    passes = []
    for _ in range(3):
        start = time.perf_counter()
        accuracy(model, validation_x, validation_y)
        passes.append(time.perf_counter() - start)
    seeds = []
    if full:
        seeds = [accuracies[-1]] + [train_cnn(seed, data, 5)[1][-1] for seed in CNN_ACCURACY_SEEDS[1:]]
    return statistics.median(times[1:]), statistics.median(passes), seeds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", help="write the records to this file")
    parser.add_argument("--skip-fashion", action="store_true")
    parser.add_argument("--full", action="store_true",
                        help="also the CNN's mean test accuracy after 5 epochs over seeds 0, 1, 2")
    arguments = parser.parse_args()
    torch.set_num_threads(arguments.threads)
    records = [
        ("sgd_step_2_10_1_b10_us", sgd_step(), "µs"),
        ("spirals_epoch_ms", spirals_epoch([2, 10, 1], nn.ReLU, nn.Sigmoid, nn.MSELoss(), False), "ms"),
        ("spirals_tanh32_adam_epoch_ms",
         spirals_epoch([2, 32, 32, 1], nn.Tanh, None, nn.BCEWithLogitsLoss(), True), "ms"),
        ("cubic_2000_steps_ms", cubic(), "ms"),
        ("iris_grid_8_ms", iris_grid(), "ms"),
    ]
    data = None if arguments.skip_fashion else fashion_data()
    if data is not None:
        records.append(("fashion_mlp_epoch_s", fashion_epoch(data), "s"))
        seconds, validation, seeds = fashion_cnn(data, arguments.full)
        records += [("fashion_cnn_epoch_s", seconds, "s"), ("fashion_cnn_validation_s", validation, "s")]
        if seeds:
            records.append(("fashion_cnn_test_accuracy_5ep", statistics.mean(seeds), "fraction"))
            records += [(f"fashion_cnn_test_accuracy_5ep_seed{seed}", value, "fraction")
                        for seed, value in zip(CNN_ACCURACY_SEEDS, seeds)]
    output = [{"name": name, "value": round(value, 4), "unit": unit} for name, value, unit in records
              if value is not None and math.isfinite(value)]
    text = json.dumps(output, indent=1, ensure_ascii=False)
    if arguments.json:
        with open(arguments.json, "w") as handle:
            handle.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
