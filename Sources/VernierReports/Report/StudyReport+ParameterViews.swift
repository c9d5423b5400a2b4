import VernierTune

extension StudyReport {
    /// The views of one objective over the parameters: parameter importance (PED-ANOVA, with at least
    /// ``minimumTrialsForImportance`` complete trials and `showsImportance`), a slice per parameter, a contour of
    /// the two most important parameters and parallel coordinates. `objective` names the objective in every title
    /// and axis (`nil` in a one-objective study, whose sections keep their plain titles).
    static func parameterSections(
        trials: [FrozenTrial], direction: StudyDirection, objective: String? = nil, showsImportance: Bool = true
    ) -> [ReportSection] {
        let finite = StudyPlotSupport.finiteComplete(trials).trials
        let names = StudyPlotSupport.parameterNames(finite)
        let suffix = objective.map { " (\($0))" } ?? ""
        var sections: [ReportSection] = []
        // Importance needs a few trials per parameter to mean anything; with fewer it is left out.
        let importances =
            finite.count >= minimumTrialsForImportance
            ? ParameterImportance.compute(trials: finite, direction: direction) : []
        if showsImportance, importances.contains(where: { $0.divergence > 0 }) {
            sections.append(
                ReportSection(
                    title: "Parameter importance" + suffix, plot: ImportanceBars(importances, objective: objective),
                    includesTable: true, width: 480, height: 320))
        }
        for name in names {
            sections.append(
                ReportSection(
                    title: "Slice: \(name)" + suffix,
                    plot: SlicePlot(trials: trials, parameter: name, objective: objective), width: 480, height: 320))
        }
        if names.count >= 2 {
            let ranked = importances.map(\.parameter).filter(names.contains)
            let pair = ranked.count >= 2 ? Array(ranked.prefix(2)) : Array(names.prefix(2))
            sections.append(
                ReportSection(
                    title: "Contour" + suffix,
                    plot: ContourPlot(trials: trials, xParameter: pair[0], yParameter: pair[1], objective: objective)))
        }
        if !names.isEmpty, finite.count >= 2 {
            sections.append(
                ReportSection(
                    title: "Parallel coordinates" + suffix,
                    plot: ParallelCoordinates(trials: trials, objective: objective), width: 900, height: 380))
        }
        return sections
    }

    /// The trials of a multi-objective study as a one-objective study of objective `index`: each complete trial
    /// with all `count` values keeps only that value (constraints, parameters and everything else unchanged);
    /// other trials keep no value.
    static func trials(_ trials: [FrozenTrial], objective index: Int, count: Int) -> [FrozenTrial] {
        trials.map { trial in
            var projected = trial
            projected.values = trial.values.flatMap { $0.count == count ? [$0[index]] : nil }
            return projected
        }
    }
}
