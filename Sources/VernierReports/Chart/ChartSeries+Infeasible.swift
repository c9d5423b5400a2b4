extension ChartSeries {
    /// The series every study plot uses for trials that violate a constraint: crosses in the palette's fourth
    /// colour, named "infeasible" in the legend. `nil` when `points` is empty, so a study without constraints
    /// draws no empty legend entry. The points' markers are set to crosses here.
    ///
    /// ```swift
    /// if let crosses = ChartSeries.infeasible(points) { series.append(crosses) }
    /// ```
    public static func infeasible(_ points: [ChartPoint]) -> ChartSeries? {
        guard !points.isEmpty else { return nil }
        let crosses = points.map { point -> ChartPoint in
            var cross = point
            cross.marker = .cross
            return cross
        }
        return ChartSeries(name: "infeasible", style: .points, points: crosses, colorIndex: 3)
    }
}
