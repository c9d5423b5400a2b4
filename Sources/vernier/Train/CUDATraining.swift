import ArgumentParser
import Foundation
import VernierCUDA
import VernierData
import VernierExperiments
import VernierNN
import VernierRandom
import VernierTensor
import VernierTraining

/// Where `vernier train` runs: `--device`, else the `VERNIER_DEVICE` environment variable, else the CPU.
enum ComputeDevice: String, CaseIterable {
    case cpu
    case cuda

    /// The device named by `flag`, else by `environment["VERNIER_DEVICE"]`, else `.cpu`; a clear error for an
    /// unknown name (saying where it came from).
    static func resolve(flag: String?, environment: [String: String]) throws -> ComputeDevice {
        let (name, source): (String?, String) =
            flag.map { ($0, "--device") } ?? (environment["VERNIER_DEVICE"], "VERNIER_DEVICE")
        guard let name, !name.isEmpty else { return .cpu }
        guard let device = ComputeDevice(rawValue: name.lowercased()) else {
            throw ValidationError(
                "unknown device '\(name)' (from \(source)); valid devices: "
                    + allCases.map(\.rawValue).joined(separator: ", "))
        }
        return device
    }
}

/// `vernier train … --device cuda`: trains a supervised MLP experiment with ``CUDAMLPTrainer`` (data, weights
/// and Adam state on the GPU) and returns the same ``ExperimentRun`` as the CPU path (history, validation after
/// every epoch on the CPU, the trained ``MLP``, test evaluation).
///
/// Supported: an MLP (`model=mlp`) with ReLU hidden layers, no output activation, cross-entropy loss, Adam (L2
/// weight decay allowed), no dropout, no augmentation. The initial weights and the batch order are drawn from
/// the seed exactly as ``Trainer`` draws them, so a CUDA run follows the CPU run to float rounding.
enum CUDATraining {
    /// Why `--device cuda` cannot run: no usable GPU, or a configuration the CUDA trainer does not implement.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Opens the first CUDA device or throws naming what is missing (the library, the device, the failed call).
    /// For tests only, `VERNIER_CUDA_EMULATOR=1` runs the CUDA code path on the host emulator instead (slow; the
    /// kernels as Swift loops, see `HostEmulatorBackend`), so the whole `--device cuda` path can be checked
    /// without a GPU.
    static func openDevice(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> CUDADevice {
        if environment["VERNIER_CUDA_EMULATOR"] == "1" { return CUDADevice.hostEmulator() }
        do {
            return try CUDA.device()
        } catch {
            throw Failure(description: "--device cuda: no usable CUDA device: \(error)")
        }
    }

    /// Throws when `configuration` asks for something the CUDA trainer does not implement.
    static func checkSupported(_ experiment: any Experiment, _ configuration: ExperimentConfiguration) throws {
        guard experiment is SupervisedExperiment else {
            throw Failure(description: "--device cuda: \(experiment.name) is not a supervised MLP experiment")
        }
        let names = Set(experiment.keys.map(\.name))
        var problems: [String] = []
        if names.contains("model") && configuration.string("model") != "mlp" {
            problems.append("model=\(configuration.string("model")) (needs mlp)")
        }
        if configuration.string("activation") != "relu" {
            problems.append("activation=\(configuration.string("activation")) (needs relu)")
        }
        if let output = try (experiment as? SupervisedExperiment)?.outputActivation(configuration),
            output.activation != nil
        {
            problems.append("output=\(output.name) (needs none)")
        }
        if (try? Loss(parsing: configuration.string("loss"))) != .crossEntropy {
            problems.append("loss=\(configuration.string("loss")) (needs cross-entropy)")
        }
        if configuration.string("optimizer").lowercased() != "adam" {
            problems.append("optimizer=\(configuration.string("optimizer")) (needs adam)")
        }
        if configuration.double("dropout") != 0 {
            problems.append("dropout=\(configuration.string("dropout")) (needs 0)")
        }
        if names.contains("augment") && configuration.bool("augment") { problems.append("augment=true (needs false)") }
        guard problems.isEmpty else {
            throw Failure(
                description: "--device cuda trains MLPs with ReLU, cross-entropy and Adam; unsupported here: "
                    + problems.joined(separator: ", ") + " (use --device cpu)")
        }
    }

    /// Trains `experiment` with `configuration` on `device`.
    static func train(
        _ experiment: any Experiment, _ configuration: ExperimentConfiguration, seed: UInt64,
        callbacks: [any TrainingCallback], device: CUDADevice
    ) throws -> ExperimentRun {
        try checkSupported(experiment, configuration)
        guard let supervised = experiment as? SupervisedExperiment else { preconditionFailure("checked above") }
        let (splits, sizes) = try supervised.prepare(configuration)
        print(
            device.computeCapability == 0
                ? "Training on the \(device.name) (VERNIER_CUDA_EMULATOR: the CUDA code path on the CPU, testing only)"
                : "Training on \(device.name) (CUDA, compute capability \(device.computeCapability / 10)."
                    + "\(device.computeCapability % 10))")
        let batchSize = configuration.integer("batch-size")
        let epochs = configuration.integer("epochs")
        let learningRate = Float(configuration.double("lr"))
        // The same draws as SupervisedExperiment.train → Trainer.fit: the model, then the loader's seed.
        var generator = Xoshiro256(seed: seed)
        var model = MLP(sizes: sizes, activation: .relu, output: nil, dropout: 0, using: &generator)
        var loader = DataLoader(splits.train, batchSize: batchSize, shuffle: true, using: &generator)
        let trainer = try CUDAMLPTrainer(
            device: device, sizes: sizes, parameters: flatParameters(of: &model), batchSize: batchSize,
            learningRate: learningRate, weightDecay: Float(configuration.double("weight-decay")))
        try trainer.setTrainingData(features: splits.train.features, labels: splits.train.targets)
        for callback in callbacks {
            callback.trainingWillBegin(
                epochs: epochs, stepsPerEpoch: loader.batchesPerEpoch, samplesPerEpoch: loader.samplesPerEpoch)
        }
        var history = TrainingHistory()
        let validation = splits.validation
        var epoch = 0
        while epoch < epochs {
            epoch += 1
            let start = DispatchTime.now().uptimeNanoseconds
            _ = loader.epoch()
            let result = try trainer.trainEpoch(order: loader.currentOrder)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            guard result.meanLoss.isFinite else {
                throw TrainingError.nonFiniteLoss(
                    value: Float(result.meanLoss), epoch: epoch, step: 0, learningRate: learningRate)
            }
            var record = EpochRecord(
                epoch: epoch, trainLoss: result.meanLoss, trainMetrics: ["accuracy": result.accuracy],
                learningRate: Double(learningRate), seconds: seconds,
                samplesPerSecond: Double(splits.train.count) / Swift.max(seconds, 1e-9))
            if validation.count > 0 {
                try load(trainer.currentParameters(), into: &model)
                let scored = evaluate(model, on: validation, loss: .crossEntropy, metrics: [.accuracy])
                record.validationLoss = scored.loss
                record.validationMetrics = scored.metrics
            }
            history.stepLosses += result.stepLosses
            history.epochs.append(record)
            var stop = false
            for callback in callbacks where try callback.epochDidEnd(record, history: history) == .stop { stop = true }
            if stop {
                history.stoppedEarly = epoch < epochs
                break
            }
        }
        try load(trainer.currentParameters(), into: &model)
        for callback in callbacks { callback.trainingDidEnd(history) }
        let test = splits.test
        let trained = model
        let evaluation: (() -> [String: Double])? =
            test.count == 0
            ? nil
            : {
                let result = evaluate(trained, on: test, loss: .crossEntropy, metrics: [.accuracy])
                var values = ["test_loss": result.loss]
                for (name, value) in result.metrics { values["test_\(name)"] = value }
                return values
            }
        return ExperimentRun(history: history, model: trained, testEvaluation: evaluation)
    }

    /// The model's parameters as one vector in visiting order (the layout ``CUDAMLPTrainer`` uses).
    static func flatParameters(of model: inout MLP) -> [Float] {
        var flat: [Float] = []
        model.updateParameters { flat += $0.scalars }
        return flat
    }

    /// Copies a flat parameter vector back into the model.
    static func load(_ flat: [Float], into model: inout MLP) throws {
        var position = 0
        model.updateParameters { parameter in
            let count = parameter.count
            parameter = Tensor(shape: parameter.shape, scalars: Array(flat[position..<(position + count)]))
            position += count
        }
        guard position == flat.count else {
            throw Failure(description: "CUDA trainer returned \(flat.count) parameters, the model has \(position)")
        }
    }
}
