import Foundation

/// Prints one line per epoch: loss, the first metric, samples per second and the time left.
///
/// The lines kept are: every epoch of a run of at most ``maximumLoggedLines`` epochs; of a longer run the first,
/// the last, every `epochs / maximumLoggedLines`-th, and any epoch ending ``loggedLineInterval`` seconds or more
/// after the last kept line. On a terminal the line is redrawn in place (carriage return) while the epoch runs,
/// and the other epochs' lines are overwritten by the next; when standard output is not a terminal, or the `CI`
/// environment variable is set, only the kept lines are printed.
///
/// ```swift
/// let trainer = Trainer(loss: .crossEntropy, batchSize: 64, epochs: 10, callbacks: [ProgressReporter()])
/// // epoch  3/10  loss 0.3412  val_loss 0.3620  val_accuracy 0.8731  41230 samples/s  ETA 8.1s
/// ```
public final class ProgressReporter: TrainingCallback {
    /// Whether lines are redrawn in place.
    public let isLive: Bool
    /// About how many epoch lines a run prints when not live.
    public static let maximumLoggedLines = 25
    /// Seconds after which a non-live run prints the next finished epoch whatever its number.
    public static let loggedLineInterval = 10.0
    private var lastLine: UInt64 = 0
    private let write: (String) -> Void
    private var epochs = 0
    private var stepsPerEpoch = 0
    private var samplesPerEpoch = 0
    private var epochStart: UInt64 = 0
    private var runStart: UInt64 = 0
    private var lastDraw: UInt64 = 0
    private var runningLoss = 0.0
    private var runningSteps = 0

    /// Creates a reporter writing to standard output (`live` defaults to "stdout is a TTY and CI is unset").
    public init(live: Bool? = nil) {
        isLive = live ?? Self.standardOutputIsInteractive
        write = { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// Creates a reporter that hands every piece of text to `write` (tests, logs).
    public init(live: Bool, write: @escaping (String) -> Void) {
        isLive = live
        self.write = write
    }

    /// Whether standard output is a terminal and the `CI` variable is not set.
    public static var standardOutputIsInteractive: Bool {
        isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["CI"] == nil
    }

    /// Per-step events are only needed for live redraws.
    public var wantsStepEvents: Bool { isLive }

    /// Records the run's size.
    public func trainingWillBegin(epochs: Int, stepsPerEpoch: Int, samplesPerEpoch: Int) {
        self.epochs = epochs
        self.stepsPerEpoch = stepsPerEpoch
        self.samplesPerEpoch = samplesPerEpoch
        runStart = DispatchTime.now().uptimeNanoseconds
        epochStart = runStart
        lastDraw = runStart
        lastLine = runStart
    }

    /// Redraws the live line about five times a second.
    public func stepDidEnd(epoch: Int, step: Int, loss: Float) {
        if step == 1 {
            epochStart = DispatchTime.now().uptimeNanoseconds
            runningLoss = 0
            runningSteps = 0
        }
        runningLoss += Double(loss)
        runningSteps += 1
        guard step & 15 == 0 || step == stepsPerEpoch else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastDraw > 200_000_000 else { return }
        lastDraw = now
        let seconds = Double(now - epochStart) / 1e9
        let fraction = Double(step) / Double(Swift.max(stepsPerEpoch, 1))
        let rate = Double(samplesPerEpoch) * fraction / Swift.max(seconds, 1e-9)
        let remaining = seconds / Swift.max(fraction, 1e-9) * (1 - fraction) + epochSeconds * Double(epochs - epoch)
        let text = String(
            format: "\repoch %3d/%d  step %d/%d  loss %.4f  %.0f samples/s  ETA %@\u{1B}[K", epoch, epochs, step,
            stepsPerEpoch, runningLoss / Double(runningSteps), rate, Self.duration(remaining))
        write(text)
    }

    private var epochSeconds = 0.0

    /// Prints the finished epoch's line (when not live, only at the rate the type's comment gives).
    public func epochDidEnd(_ record: EpochRecord, history: TrainingHistory) throws -> TrainingDecision {
        epochSeconds = record.seconds
        let now = DispatchTime.now().uptimeNanoseconds
        let stride = Swift.max(1, epochs / Self.maximumLoggedLines)
        let logged =
            record.epoch == 1 || record.epoch >= epochs || record.epoch % stride == 0
            || Double(now - lastLine) / 1e9 >= Self.loggedLineInterval
        guard logged || isLive else { return .continue }
        if logged { lastLine = now }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - runStart) / 1e9
        let remaining = elapsed / Double(record.epoch) * Double(epochs - record.epoch)
        var parts = [
            String(format: "epoch %3d/%d", record.epoch, epochs), String(format: "loss %.4f", record.trainLoss),
        ]
        if let metric = record.trainMetrics.keys.sorted().first, let value = record.trainMetrics[metric] {
            parts.append(String(format: "%@ %.4f", metric, value))
        }
        if let validationLoss = record.validationLoss { parts.append(String(format: "val_loss %.4f", validationLoss)) }
        for metric in record.validationMetrics.keys.sorted() {
            parts.append(String(format: "val_%@ %.4f", metric, record.validationMetrics[metric]!))
        }
        parts.append(String(format: "%.0f samples/s", record.samplesPerSecond))
        parts.append("ETA " + Self.duration(remaining))
        write((isLive ? "\r" : "") + parts.joined(separator: "  ") + (isLive ? "\u{1B}[K" : "") + (logged ? "\n" : ""))
        return .continue
    }

    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        if seconds < 3600 { return String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60) }
        return String(format: "%dh%02dm", Int(seconds) / 3600, Int(seconds) % 3600 / 60)
    }
}
