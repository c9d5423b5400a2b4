import Foundation
import VernierTune

/// When each trial ran: a horizontal bar from start to end, coloured by state, one lane per worker when every
/// trial records its worker (``AttributeKey/workerID``); otherwise trials are packed into as few lanes as hold
/// them without overlap (one lane for a sequential study, about one per concurrent trial for a batch), so that
/// hundreds of trials stay readable. Idle time longer than ``idleGapLimit`` between trials (a study resumed the
/// next day) is shortened to that limit, and the chart says so.
///
/// ```swift
/// let timeline = TrialTimeline(trials: try study.trials())
/// ```
public struct TrialTimeline: PlotData, Equatable {
    /// One bar.
    ///
    /// ```swift
    /// let bar = TrialTimeline.Bar(trialNumber: 0, lane: 0, start: 0, end: 1.5, state: .complete)
    /// ```
    public struct Bar: Sendable, Codable, Equatable {
        /// The trial.
        public var trialNumber: Int
        /// The lane index (into ``TrialTimeline/lanes``).
        public var lane: Int
        /// Seconds since the first trial started, less the time cut from long idle gaps before it.
        public var start: Double
        /// Like ``start``, when it ended (the start for a trial still running).
        public var end: Double
        /// The trial's state.
        public var state: TrialState

        /// Creates a bar.
        ///
        /// ```swift
        /// let bar = TrialTimeline.Bar(trialNumber: 3, lane: 1, start: 2, end: 4, state: .pruned)
        /// ```
        public init(trialNumber: Int, lane: Int, start: Double, end: Double, state: TrialState) {
            self.trialNumber = trialNumber
            self.lane = lane
            self.start = start
            self.end = end
            self.state = state
        }
    }

    /// Lane names ("worker a", … or "lane 1", …).
    public var lanes: [String]
    /// The bars, by trial number.
    public var bars: [Bar]
    /// Whether lanes are workers.
    public var byWorker: Bool
    /// Trials without a start date, left out.
    public var skippedCount: Int
    /// How many idle gaps were shortened to ``idleGapLimit``.
    public var shortenedGaps: Int

    /// The longest idle time between trials drawn at its length, in seconds.
    public static let idleGapLimit = 60.0

    /// Lays the trials out.
    ///
    /// ```swift
    /// let timeline = TrialTimeline(trials: trials)
    /// ```
    public init(trials: [FrozenTrial]) {
        let dated = trials.filter { $0.startDate != nil }.sorted { $0.number < $1.number }
        func worker(_ trial: FrozenTrial) -> String? {
            trial.systemAttributes[.workerID].map(\.description)
        }
        let byWorker = !dated.isEmpty && dated.allSatisfy { worker($0) != nil }
        let origin = dated.map { $0.startDate! }.min() ?? Date(timeIntervalSince1970: 0)
        var lanes: [String] = []
        var laneIndex: [String: Int] = [:]
        var bars: [Bar] = []
        var laneEnds: [Double] = []
        var frontier: Double?
        var shift = 0.0
        var shortened = 0
        for trial in dated.sorted(by: { ($0.startDate!, $0.number) < ($1.startDate!, $1.number) }) {
            let rawStart = trial.startDate!.timeIntervalSince(origin)
            let rawEnd = max(trial.completeDate.map { $0.timeIntervalSince(origin) } ?? rawStart, rawStart)
            if let frontier, rawStart - frontier > Self.idleGapLimit {
                shift += rawStart - frontier - Self.idleGapLimit
                shortened += 1
            }
            frontier = max(frontier ?? rawEnd, rawEnd)
            let start = rawStart - shift
            let end = rawEnd - shift
            let lane: Int
            if byWorker {
                let key = "worker \(worker(trial)!)"
                lane =
                    laneIndex[key]
                    ?? {
                        lanes.append(key)
                        laneIndex[key] = lanes.count - 1
                        return lanes.count - 1
                    }()
            } else if let free = laneEnds.firstIndex(where: { $0 <= start }) {
                lane = free
                laneEnds[free] = max(end, start)
            } else {
                laneEnds.append(max(end, start))
                lanes.append("lane \(laneEnds.count)")
                lane = laneEnds.count - 1
            }
            bars.append(
                Bar(trialNumber: trial.number, lane: lane, start: start, end: max(end, start), state: trial.state))
        }
        self.lanes = lanes
        self.bars = bars.sorted { $0.trialNumber < $1.trialNumber }
        self.byWorker = byWorker
        self.skippedCount = trials.count - dated.count
        self.shortenedGaps = shortened
    }

    static func colorIndex(_ state: TrialState) -> Int {
        switch state {
        case .complete: return 2
        case .pruned: return 3
        case .failed: return 1
        case .running: return 0
        case .waiting: return 7
        }
    }

    /// Bars per lane, coloured by state.
    ///
    /// ```swift
    /// let chart = timeline.chart()
    /// ```
    public func chart() -> Chart {
        let states = TrialState.allCases.filter { state in bars.contains { $0.state == state } }
        return Chart(
            title: "Timeline",
            xAxis: ChartAxis(
                label: shortenedGaps == 0
                    ? "seconds since start" : "seconds of activity since start (idle gaps over 60 s shortened)"),
            yAxis: ChartAxis(label: byWorker ? "worker" : "concurrent trials", categories: lanes),
            series: states.map { state in
                ChartSeries(
                    name: state.rawValue, style: .ranges,
                    points: bars.filter { $0.state == state }.map {
                        ChartPoint(
                            x: $0.start, y: Double($0.lane), xEnd: $0.end,
                            tooltip:
                                "trial \($0.trialNumber) (\(state.rawValue)): \(NumberFormat.short($0.end - $0.start, digits: 3)) s"
                        )
                    }, colorIndex: Self.colorIndex(state))
            }, skippedCount: skippedCount,
            note: shortenedGaps == 0
                ? nil
                : "\(shortenedGaps) idle gap\(shortenedGaps == 1 ? "" : "s") longer than 60 s drawn as 60 s")
    }

    /// trial, lane, start, end, state.
    ///
    /// ```swift
    /// print(timeline.table().csv())
    /// ```
    public func table() -> DataTable {
        DataTable(
            headers: ["trial", "lane", "start_s", "end_s", "state"],
            rows: bars.map {
                [
                    "\($0.trialNumber)", lanes[$0.lane], NumberFormat.short($0.start, digits: 6),
                    NumberFormat.short($0.end, digits: 6), $0.state.rawValue,
                ]
            })
    }
}
