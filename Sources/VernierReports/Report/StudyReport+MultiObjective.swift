import VernierTune

extension StudyReport {
    /// The report of a multi-objective study: summary (with the front's hypervolume for 2–3 objectives), the
    /// Pareto front's trials, the front for each pair of objectives (all trials, the front joined, infeasible
    /// ones as crosses), the hypervolume history, then for each objective in turn its parameter importance, slices,
    /// contour and parallel coordinates (titles end with the objective's name; infeasible trials as crosses or
    /// dashed lines), the timeline and every trial with its values and feasibility. `names` names the objectives
    /// (`objective 0`, … when `nil`).
    ///
    /// ```swift
    /// let report = StudyReport.report(
    ///     name: "size", directions: [.maximize, .minimize], trials: trials, names: ["val_accuracy", "parameters"])
    /// ```
    public static func report(
        name: String, directions: [StudyDirection], trials: [FrozenTrial], names: [String]? = nil
    ) -> Report {
        let names =
            names.flatMap { $0.count == directions.count ? $0 : nil }
            ?? directions.indices.map { "objective \($0)" }
        let analysis = ParetoAnalysis(trials: trials, directions: directions)
        var summary = [
            "study: \(name)",
            "objectives: " + zip(names, directions).map { "\($0) (\($1.rawValue))" }.joined(separator: ", "),
            "trials: \(trials.count)",
        ]
        for state in TrialState.allCases {
            let count = trials.filter { $0.state == state }.count
            if count > 0 { summary.append("\(state.rawValue): \(count)") }
        }
        let infeasible = trials.filter { $0.state == .complete && !$0.isFeasible }.count
        if infeasible > 0 { summary.append("infeasible: \(infeasible)") }
        if let hypervolume = analysis.hypervolume, let reference = analysis.reference {
            let point = zip(reference, directions).map { NumberFormat.short($1 == .minimize ? $0 : -$0, digits: 6) }
            summary.append(
                "hypervolume: \(NumberFormat.short(hypervolume, digits: 6)) (reference point "
                    + "\(point.joined(separator: ", ")): the worst feasible values pushed out by 10 % of their range)")
        }
        var sections: [ReportSection] = []
        guard !analysis.front.isEmpty else {
            sections.append(
                ReportSection(title: "No complete trial", text: "The study has no complete trial with values yet."))
            return Report(title: "Study \(name)", summary: summary, sections: sections)
        }
        let frontTitle =
            analysis.front.first!.isFeasible
            ? "Pareto front (\(analysis.front.count) trials)"
            : "Pareto front of the least violating trials (no trial is feasible)"
        sections.append(ReportSection(title: frontTitle, table: valuesTable(analysis.front, names: names)))
        for first in directions.indices {
            for second in directions.indices where second > first {
                sections.append(
                    ReportSection(
                        title: "Pareto front: \(names[first]) and \(names[second])",
                        plot: ParetoFrontPlot(
                            trials: trials, directions: directions, names: names, pair: (first, second)),
                        width: 560, height: 400))
            }
        }
        let history = HypervolumeHistory(trials: trials, directions: directions)
        if history.trialNumbers.count >= 2 {
            sections.append(ReportSection(title: "Hypervolume history", plot: history, width: 560, height: 320))
        }
        for (index, objective) in names.enumerated() {
            sections += parameterSections(
                trials: Self.trials(trials, objective: index, count: directions.count), direction: directions[index],
                objective: objective)
        }
        if trials.contains(where: { $0.startDate != nil }) {
            let timeline = TrialTimeline(trials: trials)
            let height = min(max(140 + Double(timeline.lanes.count) * 14, 260), 900)
            sections.append(ReportSection(title: "Timeline", plot: timeline, width: 900, height: height))
        }
        sections.append(
            ReportSection(
                title: "All trials", table: valuesTable(trials.sorted { $0.number < $1.number }, names: names)))
        return Report(title: "Study \(name)", summary: summary, sections: sections)
    }

    /// trial, state, one column per objective, feasible, duration, one column per parameter.
    static func valuesTable(_ trials: [FrozenTrial], names: [String]) -> DataTable {
        let parameters = StudyPlotSupport.parameterNames(trials)
        return DataTable(
            headers: ["trial", "state"] + names + ["feasible", "duration_s"] + parameters,
            rows: trials.map { trial in
                let values = trial.values ?? []
                let external = trial.externalParameters
                return ["\(trial.number)", trial.state.rawValue]
                    + names.indices.map { $0 < values.count ? NumberFormat.short(values[$0], digits: 6) : "" }
                    + [
                        trial.state == .complete ? (trial.isFeasible ? "yes" : "no") : "",
                        trial.duration.map { NumberFormat.short($0, digits: 3) } ?? "",
                    ] + parameters.map { external[$0].map(formatted) ?? "" }
            })
    }
}
