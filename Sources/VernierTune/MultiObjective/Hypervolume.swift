/// The hypervolume indicator: the volume of the region dominated by a set of points and bounded by a reference
/// point, all in **minimize form** (see ``Pareto/minimized(_:directions:)``). Larger is better; it grows when a
/// front moves towards the ideal point or spreads along it.
///
/// ```swift
/// Hypervolume.of([[1, 2], [2, 1]], reference: [3, 3])   // 3: two 2×1 boxes overlapping in a 1×1 box
/// ```
public enum Hypervolume {
    /// The volume dominated by `points` and bounded by `reference`. Points that are not strictly better than the
    /// reference in every component, or have a non-finite component, contribute nothing. Exact in any dimension:
    /// a sweep in 2-D, slicing along the last objective above (O(N^(d−1) log N); meant for 2–3 objectives and
    /// fronts of a few hundred points).
    public static func of(_ points: [[Double]], reference: [Double]) -> Double {
        let inside = points.filter { point in
            precondition(point.count == reference.count, "point and reference of different lengths")
            return zip(point, reference).allSatisfy { $0.isFinite && $0 < $1 }
        }
        guard !inside.isEmpty else { return 0 }
        return volume(inside, reference: reference, dimensions: reference.count)
    }

    /// The volume over the first `dimensions` components of `points` (each strictly inside the reference).
    private static func volume(_ points: [[Double]], reference: [Double], dimensions: Int) -> Double {
        switch dimensions {
        case 1:
            return reference[0] - points.map { $0[0] }.min()!
        case 2:
            var area = 0.0
            var ceiling = reference[1]
            for point in points.sorted(by: { ($0[0], $0[1]) < ($1[0], $1[1]) }) where point[1] < ceiling {
                area += (reference[0] - point[0]) * (ceiling - point[1])
                ceiling = point[1]
            }
            return area
        default:
            let last = dimensions - 1
            let sorted = points.sorted { $0[last] < $1[last] }
            var total = 0.0
            for index in sorted.indices {
                let upper = index + 1 < sorted.count ? sorted[index + 1][last] : reference[last]
                let depth = upper - sorted[index][last]
                guard depth > 0 else { continue }
                total += depth * volume(Array(sorted[...index]), reference: reference, dimensions: last)
            }
            return total
        }
    }
}
