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
                                batch 64, 50,000 images: the median of epochs 2..3 (../shared/peers/w7_fashion_cnn.py)
  fashion_cnn_test_accuracy_5ep with --full: its test accuracy after 5 epochs

Run by hand or through `make bench-compare` (needs `pip install torch numpy`; not part of the tests):

  python3 benchmarks/peers/torch_training.py --threads 2 --json torch.json [--full]
"""
import argparse
import gzip
import json
import math
import os
import statistics
import struct
import time

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
IRIS = os.path.join(HERE, "..", "..", "Sources", "VernierData", "Resources", "iris.csv")
FASHION = "/usr/share/datasets/fashion-mnist"


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


def idx(path):
    with gzip.open(path, "rb") as handle:
        data = handle.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def fashion_epoch():
    images = os.path.join(FASHION, "train-images-idx3-ubyte.gz")
    if not os.path.exists(images):
        return None
    x = torch.tensor(idx(images)[:50000].reshape(-1, 784), dtype=torch.float32) / 255.0
    y = torch.tensor(idx(os.path.join(FASHION, "train-labels-idx1-ubyte.gz"))[:50000].astype(np.int64))
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


def fashion_cnn(full):
    images = os.path.join(FASHION, "train-images-idx3-ubyte.gz")
    if not os.path.exists(images):
        return None, None
    x = torch.tensor(idx(images)[:50000].reshape(-1, 1, 28, 28), dtype=torch.float32) / 255.0
    y = torch.tensor(idx(os.path.join(FASHION, "train-labels-idx1-ubyte.gz"))[:50000].astype(np.int64))
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(32 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    generator = torch.Generator().manual_seed(0)
    times = []
    for _ in range(5 if full else 3):
        start = time.perf_counter()
        epoch(model, nn.CrossEntropyLoss(), optimizer, x, y, 64, generator)
        times.append(time.perf_counter() - start)
    accuracy = None
    if full:
        test_x = torch.tensor(idx(os.path.join(FASHION, "t10k-images-idx3-ubyte.gz")).reshape(-1, 1, 28, 28),
                              dtype=torch.float32) / 255.0
        test_y = torch.tensor(idx(os.path.join(FASHION, "t10k-labels-idx1-ubyte.gz")).astype(np.int64))
        with torch.no_grad():
            accuracy = (model(test_x).argmax(1) == test_y).float().mean().item()
    return statistics.median(times[1:]), accuracy


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", help="write the records to this file")
    parser.add_argument("--skip-fashion", action="store_true")
    parser.add_argument("--full", action="store_true", help="also the CNN's test accuracy after 5 epochs")
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
    if not arguments.skip_fashion:
        seconds = fashion_epoch()
        if seconds is not None:
            records.append(("fashion_mlp_epoch_s", seconds, "s"))
        seconds, accuracy = fashion_cnn(arguments.full)
        if seconds is not None:
            records.append(("fashion_cnn_epoch_s", seconds, "s"))
        if accuracy is not None:
            records.append(("fashion_cnn_test_accuracy_5ep", accuracy, "fraction"))
    output = [{"name": name, "value": round(value, 4), "unit": unit} for name, value, unit in records
              if value is not None and math.isfinite(value)]
    text = json.dumps(output, indent=1, ensure_ascii=False)
    if arguments.json:
        with open(arguments.json, "w") as handle:
            handle.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
