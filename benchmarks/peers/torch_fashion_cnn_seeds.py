"""The small Fashion-MNIST CNN of `vernier train fashion-mnist --set model=cnn` in PyTorch, over several seeds.

Trains the model of `train_cnn` in torch_training.py (Conv 1-16 3x3 pad 1, ReLU, max-pool 2, Conv 16-32, ReLU,
max-pool 2, Linear 1568-128, ReLU, Linear 128-10; Adam 1e-3, batch 64, cross-entropy, on Vernier's 50,000 training
images, reshuffled every epoch, the last partial batch kept) for each seed and prints one JSON line per seed with
the test accuracy after every epoch, then the mean and minimum of the last epoch's. `torch_training.py --full`
reports the mean over seeds 0, 1, 2 of this protocol (5 epochs) as fashion_cnn_test_accuracy_5ep.

  --scaling standardized  pixels / 255, then minus the training pixels' mean, over their standard deviation (one
                          scalar each, population, fitted on the 50,000 training images: what Vernier trains on)
  --scaling unit          pixels / 255 only
  --init default|he       PyTorch's default initialization (U(+-1/sqrt(fan_in)) for weights and biases; Vernier's
                          layers use the same), or Kaiming-normal weights (gain sqrt(2), fan in) and zero biases in
                          the layers a ReLU follows (the output layer keeps the default)

Run by hand (not part of the tests):

  python3 benchmarks/peers/torch_fashion_cnn_seeds.py --seeds 0 1 2 --threads 2
"""
import argparse
import json
import statistics

import torch

from torch_training import fashion_data, train_cnn


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--scaling", choices=["unit", "standardized"], default="standardized")
    parser.add_argument("--init", choices=["default", "he"], default="default")
    arguments = parser.parse_args()
    torch.set_num_threads(arguments.threads)
    data = fashion_data(arguments.scaling)
    if data is None:
        raise SystemExit("Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)")
    finals = []
    for seed in arguments.seeds:
        _, accuracies, _ = train_cnn(seed, data, arguments.epochs, arguments.init, every_epoch=True)
        finals.append(accuracies[-1])
        print(json.dumps({"seed": seed, "scaling": arguments.scaling, "init": arguments.init,
                          "test_accuracy_by_epoch": [round(value, 4) for value in accuracies]}), flush=True)
    print(json.dumps({"scaling": arguments.scaling, "init": arguments.init, "seeds": arguments.seeds,
                      "mean": round(statistics.mean(finals), 4), "min": round(min(finals), 4)}), flush=True)


if __name__ == "__main__":
    main()
