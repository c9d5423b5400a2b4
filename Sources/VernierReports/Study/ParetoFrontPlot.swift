import VernierTune

/// Two objectives of a multi-objective study against each other: every complete trial as a point, the Pareto
/// front (``ParetoAnalysis/front``) highlighted and joined in order of the first objective, infeasible trials
/// (a constraint above 0) as crosses. A study of three objectives shows three of these, one per pair.
///
/// ```swift
/// let plot = ParetoFrontPlot(trials: trials, directions: [.maximize, .minimize], names: ["accuracy", "size"])
/// ```
public struct ParetoFrontPlot: PlotData, Equatable {
    /// The two objectives' names (x, then y).
    public var names: [String]
    /// The two objectives' directions.
    public var directions: [StudyDirection]
    /// One row per complete trial: number, the two values, whether it is on the front, whether it is feasible.
    public var points: [Point]
    /// Complete trials with a NaN or infinite value, left out.
    public var skippedCount: Int

    /// One trial's point.
    public struct Point: Sendable, Codable, Equatable {
        /// The trial number.
        public var trial: Int
        /// The first objective's value.
        public var x: Double
        /// The second objective's value.
        public var y: Double
        /// Whether the trial is on the study's Pareto front.
        public var onFront: Bool
        /// Whether every constraint holds.
        public var feasible: Bool
    }

    /// The points of objectives `pair` (indices into the study's objectives) of `trials`; `names` names every
    /// objective of the study.
    public init(trials: [FrozenTrial], directions: [StudyDirection], names: [String], pair: (Int, Int) = (0, 1)) {
        let analysis = ParetoAnalysis(trials: trials, directions: directions)
        let front = Set(analysis.front.map(\.number))
        let complete = trials.filter { $0.state == .complete && $0.values?.count == directions.count }
            .sorted { $0.number < $1.number }
        let finite = complete.filter { $0.values!.allSatisfy(\.isFinite) }
        self.names = [names[pair.0], names[pair.1]]
        self.directions = [directions[pair.0], directions[pair.1]]
        points = finite.map { trial in
            Point(
                trial: trial.number, x: trial.values![pair.0], y: trial.values![pair.1],
                onFront: front.contains(trial.number), feasible: trial.isFeasible)
        }
        skippedCount = complete.count - finite.count
    }

    /// Trials, the front joined in order of x, and infeasible trials as crosses.
    public func chart() -> Chart {
        func point(_ point: Point) -> ChartPoint {
            ChartPoint(
                x: point.x, y: point.y,
                tooltip: "trial \(point.trial): \(names[0]) \(NumberFormat.short(point.x, digits: 6)), "
                    + "\(names[1]) \(NumberFormat.short(point.y, digits: 6))" + (point.feasible ? "" : " (infeasible)"))
        }
        let others = points.filter { !$0.onFront && $0.feasible }
        let infeasible = points.filter { !$0.feasible }
        let front = points.filter(\.onFront).sorted { ($0.x, $0.y) < ($1.x, $1.y) }
        var series = [
            ChartSeries(name: "trials", style: .points, points: others.map { point($0) }, colorIndex: 0),
            ChartSeries(name: "Pareto front", style: .line, points: front.map { point($0) }, colorIndex: 1),
        ]
        if let crosses = ChartSeries.infeasible(infeasible.map { point($0) }) { series.append(crosses) }
        return Chart(
            title: "Pareto front: \(names[0]) and \(names[1])",
            xAxis: ChartAxis(label: "\(names[0]) (\(directions[0].rawValue))"),
            yAxis: ChartAxis(label: "\(names[1]) (\(directions[1].rawValue))"), series: series,
            skippedCount: skippedCount)
    }

    /// trial, the two values, on_front, feasible.
    public func table() -> DataTable {
        DataTable(
            headers: ["trial", names[0], names[1], "on_front", "feasible"],
            rows: points.map {
                [
                    "\($0.trial)", NumberFormat.short($0.x, digits: 6), NumberFormat.short($0.y, digits: 6),
                    "\($0.onFront)", "\($0.feasible)",
                ]
            })
    }
}

/// The hypervolume of a multi-objective study's feasible trials after each trial (``ParetoAnalysis``: the
/// reference point is the worst feasible value of each objective pushed out by 10 % of its range).
///
/// ```swift
/// let plot = HypervolumeHistory(trials: trials, directions: [.maximize, .minimize])
/// ```
public struct HypervolumeHistory: PlotData, Equatable {
    /// Trial numbers of the feasible complete trials.
    public var trialNumbers: [Int]
    /// The hypervolume after each.
    public var hypervolumes: [Double]
    /// Nothing is skipped (infeasible trials add no volume).
    public var skippedCount: Int { 0 }

    /// The history of `trials` (2–3 objectives; empty otherwise).
    public init(trials: [FrozenTrial], directions: [StudyDirection]) {
        let history = ParetoAnalysis(trials: trials, directions: directions).hypervolumeHistory
        trialNumbers = history.map(\.trial)
        hypervolumes = history.map(\.hypervolume)
    }

    enum CodingKeys: String, CodingKey { case trialNumbers, hypervolumes }

    /// The hypervolume as a step line over trial numbers.
    public func chart() -> Chart {
        Chart(
            title: "Hypervolume history", xAxis: ChartAxis(label: "trial"), yAxis: ChartAxis(label: "hypervolume"),
            series: [
                ChartSeries(
                    name: "hypervolume", style: .step,
                    points: zip(trialNumbers, hypervolumes).map {
                        ChartPoint(
                            x: Double($0), y: $1, tooltip: "after trial \($0): \(NumberFormat.short($1, digits: 6))")
                    }, colorIndex: 0)
            ])
    }

    /// trial, hypervolume.
    public func table() -> DataTable {
        DataTable(
            headers: ["trial", "hypervolume"],
            rows: zip(trialNumbers, hypervolumes).map { ["\($0)", NumberFormat.short($1, digits: 6)] })
    }
}
