/// The result of a one-at-a-time sensitivity study in ONE table: for every hyperparameter, the metric at each of
/// its values (mean ± sd over repeats, others at the baseline), the best value and the impact (range of the
/// means), ranked by impact.
///
/// Built from the trials of a study run with ``OneAtATimeSampler``; only `complete` trials count. The
/// baseline trial provides the row for each parameter's baseline value. Its JSON form is the `impact` array of
/// `vernier tune --out DIR`'s `summary.json`.
///
/// ```swift
/// let table = try ImpactTable(study: study)
/// print(table.markdown())
/// // | rank | parameter | value | mean | sd | … |
/// ```
public struct ImpactTable: Sendable, Hashable, Codable {
    /// The metric at one value of a parameter.
    public struct Entry: Sendable, Hashable, Codable {
        /// The parameter's value.
        public var value: ParameterValue
        /// The metric's mean over repeats.
        public var mean: Double
        /// The sample standard deviation over repeats (0 for a single repeat).
        public var sd: Double
        /// How many repeats the mean is over.
        public var repeats: Int
        /// Whether this is the baseline value.
        public var isBaseline: Bool
        /// The trial that measured it.
        public var trialNumber: Int

        enum CodingKeys: String, CodingKey {
            case value, mean, sd, repeats
            case isBaseline = "baseline"
            case trialNumber = "trial"
        }
    }

    /// One hyperparameter's row.
    public struct Row: Sendable, Hashable, Codable {
        /// The parameter's name.
        public var parameter: String
        /// The metric at each value (numbers ascending; other values baseline first, then in trial order).
        public var values: [Entry]
        /// The value with the best mean.
        public var best: ParameterValue
        /// The impact: largest minus smallest mean.
        public var range: Double
    }

    /// Minimize or maximize (decides "best").
    public var direction: StudyDirection
    /// The baseline's metric, if the baseline trial completed.
    public var baseline: Entry?
    /// One row per varied parameter, largest impact first.
    public var rows: [Row]

    /// Builds the table from a study's trials.
    ///
    /// ```swift
    /// let table = try ImpactTable(study: study)
    /// ```
    public init(study: Study) throws {
        self.init(trials: try study.trials(states: [.complete]), direction: study.direction)
    }

    /// Builds the table from trials tagged by ``OneAtATimeSampler`` (others are ignored).
    ///
    /// ```swift
    /// let table = ImpactTable(trials: trials, direction: .maximize)
    /// ```
    public init(trials: [FrozenTrial], direction: StudyDirection) {
        self.direction = direction
        let complete = trials.filter { $0.state == .complete && $0.value != nil }
        func entry(_ trial: FrozenTrial, parameter: String, isBaseline: Bool) -> Entry? {
            guard let value = trial.externalParameters[parameter] else { return nil }
            return Entry(
                value: value, mean: trial.value!, sd: trial.userAttributes[.valueSD]?.doubleValue ?? 0,
                repeats: trial.userAttributes[.repeatValues]?.arrayValue?.count ?? 1, isBaseline: isBaseline,
                trialNumber: trial.number)
        }
        let baselineTrial = complete.first {
            $0.systemAttributes[OneAtATimeSampler.parameterKey]?.stringValue == OneAtATimeSampler.baselineMarker
        }
        var order: [String] = []
        var entries: [String: [Entry]] = [:]
        for trial in complete {
            guard let parameter = trial.systemAttributes[OneAtATimeSampler.parameterKey]?.stringValue,
                parameter != OneAtATimeSampler.baselineMarker,
                let item = entry(trial, parameter: parameter, isBaseline: false)
            else { continue }
            if entries[parameter] == nil { order.append(parameter) }
            entries[parameter, default: []].append(item)
        }
        var rows: [Row] = []
        for parameter in order {
            var values = entries[parameter]!
            if let baselineTrial, let item = entry(baselineTrial, parameter: parameter, isBaseline: true) {
                values.insert(item, at: 0)
            }
            if values.allSatisfy({ $0.value.doubleValue != nil }) {
                values.sort { $0.value.doubleValue! < $1.value.doubleValue! }
            }
            let means = values.map(\.mean)
            let bestMean = direction.best(of: means)!
            rows.append(
                Row(
                    parameter: parameter, values: values, best: values.first { $0.mean == bestMean }!.value,
                    range: means.max()! - means.min()!))
        }
        self.rows = rows.enumerated().sorted {
            $0.element.range != $1.element.range ? $0.element.range > $1.element.range : $0.offset < $1.offset
        }.map(\.element)
        self.baseline = baselineTrial.map {
            Entry(
                value: .string(OneAtATimeSampler.baselineMarker), mean: $0.value!,
                sd: $0.userAttributes[.valueSD]?.doubleValue ?? 0,
                repeats: $0.userAttributes[.repeatValues]?.arrayValue?.count ?? 1, isBaseline: true,
                trialNumber: $0.number)
        }
    }

    /// The table as rows of strings: rank, parameter, impact, best value, then `value: mean ± sd` per value
    /// (the baseline marked with `*`).
    ///
    /// ```swift
    /// print(table.textTable().plainText())
    /// ```
    public func textTable() -> TextTable {
        let rows = self.rows.enumerated().map { index, row in
            [
                String(index + 1), row.parameter, ParameterValue.format(row.range, significantDigits: 3),
                row.best.description,
                row.values.map { entry in
                    var text =
                        "\(entry.value)\(entry.isBaseline ? "*" : ""): "
                        + ParameterValue.format(entry.mean, significantDigits: 3)
                    if entry.repeats > 1 { text += " ± \(ParameterValue.format(entry.sd, significantDigits: 2))" }
                    return text
                }.joined(separator: ", "),
            ]
        }
        return TextTable(headers: ["rank", "parameter", "impact", "best", "metric by value (* baseline)"], rows: rows)
    }

    /// Markdown rendering of ``textTable()``.
    ///
    /// ```swift
    /// try table.markdown().write(toFile: "impact.md", atomically: true, encoding: .utf8)
    /// ```
    public func markdown() -> String { textTable().markdown() }

    /// Plain-text rendering of ``textTable()``.
    public func plainText() -> String { textTable().plainText() }
}
