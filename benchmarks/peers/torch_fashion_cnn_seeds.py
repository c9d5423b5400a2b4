"""The small Fashion-MNIST CNN of `vernier train fashion-mnist --set model=cnn` in PyTorch, over several seeds.

Trains the model of `fashion_cnn` in torch_training.py (Conv 1-16 3x3 pad 1, ReLU, max-pool 2, Conv 16-32, ReLU,
max-pool 2, Linear 1568-128, ReLU, Linear 128-10; Adam 1e-3, batch 64, cross-entropy, 50,000 training images,
reshuffled every epoch, the last partial batch kept) for each seed and prints one JSON line per seed with the
test accuracy after every epoch, then the mean and minimum of the last epoch's.

  --scaling unit          pixels / 255 (what torch_training.py does)
  --scaling standardized  pixels / 255, then minus the training pixels' mean, over their standard deviation
                          (one scalar each: what Vernier's MNIST reader does)
  --init default|he       PyTorch's default initialization (U(+-1/sqrt(fan_in)) for weights and biases), or
                          Kaiming-normal weights (gain sqrt(2), fan in) and zero biases in the layers a ReLU
                          follows (the output layer keeps the default)

Run by hand (not part of the tests):

  python3 benchmarks/peers/torch_fashion_cnn_seeds.py --seeds 0 1 2 3 4 --threads 1
"""
import argparse
import json
import os
import statistics

import numpy as np
import torch
import torch.nn as nn

from torch_training import FASHION, epoch, idx


def images(name, count=None):
    pixels = idx(os.path.join(FASHION, name))
    if count is not None:
        pixels = pixels[:count]
    return torch.tensor(pixels.reshape(-1, 1, 28, 28), dtype=torch.float32) / 255.0


def labels(name, count=None):
    values = idx(os.path.join(FASHION, name))
    if count is not None:
        values = values[:count]
    return torch.tensor(values.astype(np.int64))


def model(init):
    network = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(32 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))
    if init == "he":
        for layer in list(network)[:-1]:
            if isinstance(layer, (nn.Conv2d, nn.Linear)):
                nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
                nn.init.zeros_(layer.bias)
    return network


def run(seed, scaling, init, epochs):
    x = images("train-images-idx3-ubyte.gz", 50000)
    y = labels("train-labels-idx1-ubyte.gz", 50000)
    test_x = images("t10k-images-idx3-ubyte.gz")
    test_y = labels("t10k-labels-idx1-ubyte.gz")
    if scaling == "standardized":
        mean, deviation = x.mean(), x.std()
        x = (x - mean) / deviation
        test_x = (test_x - mean) / deviation
    torch.manual_seed(seed)
    network = model(init)
    optimizer = torch.optim.Adam(network.parameters(), lr=1e-3)
    generator = torch.Generator().manual_seed(seed)
    accuracies = []
    for _ in range(epochs):
        network.train()
        epoch(network, nn.CrossEntropyLoss(), optimizer, x, y, 64, generator)
        network.eval()
        with torch.no_grad():
            accuracies.append(round((network(test_x).argmax(1) == test_y).float().mean().item(), 4))
    return accuracies


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--scaling", choices=["unit", "standardized"], default="unit")
    parser.add_argument("--init", choices=["default", "he"], default="default")
    arguments = parser.parse_args()
    torch.set_num_threads(arguments.threads)
    finals = []
    for seed in arguments.seeds:
        accuracies = run(seed, arguments.scaling, arguments.init, arguments.epochs)
        finals.append(accuracies[-1])
        print(json.dumps({"seed": seed, "scaling": arguments.scaling, "init": arguments.init,
                          "test_accuracy_by_epoch": accuracies}), flush=True)
    print(json.dumps({"scaling": arguments.scaling, "init": arguments.init, "seeds": arguments.seeds,
                      "mean": round(statistics.mean(finals), 4), "min": min(finals)}), flush=True)


if __name__ == "__main__":
    main()
