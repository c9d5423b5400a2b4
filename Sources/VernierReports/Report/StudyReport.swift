import VernierTune

/// The report of a study: summary, tied-best trials, optimization history, sensitivity impact (for
/// one-at-a-time studies), parameter importance, slices, a contour of the two most important parameters,
/// parallel coordinates, learning curves, the EDF of values, the timeline and the table of all trials.
/// Sections without data are left out.
///
/// ```swift
/// let page = try StudyReport.html(for: study)
/// let report = StudyReport.report(name: "demo", direction: .minimize, trials: trials)
/// print(report.markdown())
/// ```
public enum StudyReport {
    /// The report of a stored study.
    ///
    /// ```swift
    /// let report = try StudyReport.report(for: study)
    /// ```
    public static func report(for study: Study) throws -> Report {
        guard !study.isMultiObjective else {
            let names = try study.metricNames()
            return report(name: study.name, directions: study.directions, trials: try study.trials(), names: names)
        }
        return report(
            name: study.name, direction: study.direction, trials: try study.trials(), testScore: try study.testValue())
    }

    /// The standalone HTML page of a stored study.
    ///
    /// ```swift
    /// try StudyReport.html(for: study).write(toFile: "report.html", atomically: true, encoding: .utf8)
    /// ```
    public static func html(for study: Study) throws -> String {
        try report(for: study).html()
    }

    /// The report of a study given by its trials and the test-set score of its chosen configuration.
    ///
    /// ```swift
    /// let report = StudyReport.report(name: "branin", direction: .minimize, trials: trials)
    /// ```
    public static func report(
        name: String, direction: StudyDirection, trials: [FrozenTrial], testScore: TestScore? = nil
    ) -> Report {
        let (finite, skipped) = StudyPlotSupport.finiteComplete(trials)
        var summary = ["study: \(name)", "direction: \(direction.rawValue)", "trials: \(trials.count)"]
        for state in TrialState.allCases {
            let count = trials.filter { $0.state == state }.count
            if count > 0 { summary.append("\(state.rawValue): \(count)") }
        }
        if skipped > 0 { summary.append("NaN/inf values: \(skipped)") }
        let infeasible = finite.filter { !$0.isFeasible }.count
        if infeasible > 0 { summary.append("infeasible: \(infeasible) (they rank after every feasible trial)") }
        var sections: [ReportSection] = []
        let best = bestTrials(finite, direction: direction)
        if let value = best.first?.value {
            summary.append("best value: \(NumberFormat.short(value, digits: 6))")
            if let testScore {
                summary.append(
                    "test value: \(NumberFormat.short(testScore.value, digits: 6)) (trial \(testScore.trialNumber)'s "
                        + "configuration, measured once after selection)")
            }
            sections.append(
                ReportSection(
                    title: best.count == 1 ? "Best trial" : "Best trials (\(best.count) tied)",
                    table: trialTable(best)))
        } else {
            sections.append(
                ReportSection(
                    title: "No complete trial", text: "The study has no complete trial with a finite value yet."))
        }
        guard !trials.isEmpty else { return Report(title: "Study \(name)", summary: summary, sections: sections) }
        sections.append(
            ReportSection(
                title: "Optimization history", plot: OptimizationHistory(trials: trials, direction: direction)))
        let impact = ImpactTable(trials: finite, direction: direction)
        for row in impact.rows {
            sections.append(
                ReportSection(
                    title: "Impact: \(row.parameter)", plot: ImpactBars(row: row), includesTable: true, width: 480,
                    height: 320))
        }
        // A sensitivity study ranks its parameters by the impact table above; PED-ANOVA over one-at-a-time
        // trials would rank them differently on the same page.
        sections += parameterSections(trials: trials, direction: direction, showsImportance: impact.rows.isEmpty)
        if trials.contains(where: { !$0.intermediateValues.isEmpty }) {
            sections.append(ReportSection(title: "Intermediate values", plot: IntermediateValuesPlot(trials: trials)))
        }
        if finite.count >= 2 {
            sections.append(
                ReportSection(
                    title: "Empirical distribution", plot: EmpiricalDistribution(trials: trials), width: 480,
                    height: 320))
        }
        if trials.contains(where: { $0.startDate != nil }) {
            let timeline = TrialTimeline(trials: trials)
            let height = min(max(140 + Double(timeline.lanes.count) * 14, 260), 900)
            sections.append(ReportSection(title: "Timeline", plot: timeline, width: 900, height: height))
        }
        sections.append(ReportSection(title: "All trials", table: trialTable(trials.sorted { $0.number < $1.number })))
        return Report(title: "Study \(name)", summary: summary, sections: sections)
    }

    /// Fewer complete trials than this show no importance section (every parameter would explain everything).
    public static let minimumTrialsForImportance = 5

    /// The complete trials with the best finite value (every tie), feasible ones first (``Study/bestTrials(tolerance:)``).
    static func bestTrials(_ finite: [FrozenTrial], direction: StudyDirection) -> [FrozenTrial] {
        ParetoAnalysis(trials: finite, directions: [direction]).front
    }

    /// A parameter value for a table cell: numbers to 6 significant digits.
    static func formatted(_ value: ParameterValue) -> String {
        if case .double(let number) = value { return NumberFormat.short(number, digits: 6) }
        return value.description
    }

    /// trial, state, value, duration, one column per parameter.
    ///
    /// ```swift
    /// print(StudyReport.trialTable(trials).markdown())
    /// ```
    public static func trialTable(_ trials: [FrozenTrial]) -> DataTable {
        let names = StudyPlotSupport.parameterNames(trials)
        return DataTable(
            headers: ["trial", "state", "value", "duration_s"] + names,
            rows: trials.map { trial in
                let parameters = trial.externalParameters
                return [
                    "\(trial.number)", trial.state.rawValue,
                    trial.value.map { NumberFormat.short($0, digits: 6) } ?? "",
                    trial.duration.map { NumberFormat.short($0, digits: 3) } ?? "",
                ] + names.map { parameters[$0].map(formatted) ?? "" }
            })
    }
}
