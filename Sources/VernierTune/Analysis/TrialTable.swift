/// Every trial of a study sorted by value, best first (complete trials, then pruned, then failed, then running
/// and waiting; among complete ones feasible trials first, then by violation), with its parameters.
///
/// ```swift
/// print(try TrialTable(study: study).markdown())
/// ```
public struct TrialTable: Sendable, Hashable, Codable {
    /// One trial.
    public struct Row: Sendable, Hashable, Codable {
        /// The trial number.
        public var number: Int
        /// Its state.
        public var state: TrialState
        /// Its value, if any.
        public var value: Double?
        /// Standard deviation over repeats, if it was repeated.
        public var sd: Double?
        /// Parameters as the objective saw them.
        public var parameters: [String: ParameterValue]
        /// Why it failed.
        public var failReason: String?
    }

    /// The rows, best first.
    public var rows: [Row]
    /// Every parameter name, sorted.
    public var parameterNames: [String]

    /// Builds the table from a study.
    ///
    /// ```swift
    /// let table = try TrialTable(study: study)
    /// ```
    public init(study: Study) throws {
        self.init(trials: try study.trials(), direction: study.direction)
    }

    /// Builds the table from trials.
    ///
    /// ```swift
    /// let table = TrialTable(trials: trials, direction: .minimize)
    /// ```
    public init(trials: [FrozenTrial], direction: StudyDirection) {
        func rank(_ state: TrialState) -> Int {
            switch state {
            case .complete: return 0
            case .pruned: return 1
            case .failed: return 2
            case .running: return 3
            case .waiting: return 4
            }
        }
        let sorted = trials.sorted { a, b in
            if rank(a.state) != rank(b.state) { return rank(a.state) < rank(b.state) }
            if a.violation != b.violation { return a.violation < b.violation }  // feasible first
            if let x = a.value, let y = b.value, x != y { return direction.isBetter(x, than: y) }
            if (a.value == nil) != (b.value == nil) { return a.value != nil }
            return a.number < b.number
        }
        rows = sorted.map {
            Row(
                number: $0.number, state: $0.state, value: $0.value, sd: $0.userAttributes[.valueSD]?.doubleValue,
                parameters: $0.externalParameters, failReason: $0.failReason)
        }
        parameterNames = Set(trials.flatMap(\.parameters.keys)).sorted()
    }

    /// The table as strings: trial, value (± sd), state, one column per parameter, and the failure reason.
    ///
    /// ```swift
    /// print(table.textTable().plainText())
    /// ```
    public func textTable() -> TextTable {
        TextTable(
            headers: ["trial", "value", "state"] + parameterNames + ["note"],
            rows: rows.map { row in
                var value = row.value.map { ParameterValue.format($0) } ?? "-"
                if let sd = row.sd { value += " ± \(ParameterValue.format(sd))" }
                return [String(row.number), value, row.state.rawValue]
                    + parameterNames.map { row.parameters[$0]?.description ?? "" } + [row.failReason ?? ""]
            })
    }

    /// Markdown rendering.
    public func markdown() -> String { textTable().markdown() }

    /// Plain-text rendering.
    public func plainText() -> String { textTable().plainText() }
}
