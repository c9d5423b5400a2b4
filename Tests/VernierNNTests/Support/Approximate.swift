import Testing
import VernierTensor

/// Whether `actual` matches `expected` within `relative` (plus `absolute` near zero), element by element.
func isClose(_ actual: [Float], _ expected: [Float], relative: Float = 1e-5, absolute: Float = 1e-6) -> Bool {
    guard actual.count == expected.count else { return false }
    for (a, e) in zip(actual, expected) where !(Swift.abs(a - e) <= absolute + relative * Swift.abs(e)) {
        return false
    }
    return true
}

/// Records a failure naming the first mismatching element when `actual` differs from `expected`.
func expectClose(
    _ actual: Tensor, _ expected: [Float], shape: [Int]? = nil, relative: Float = 1e-5, absolute: Float = 1e-6,
    _ label: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
    if let shape {
        #expect(actual.shape == shape, "\(label): shape \(actual.shape) ≠ \(shape)", sourceLocation: sourceLocation)
    }
    let values = actual.scalars
    guard values.count == expected.count else {
        Issue.record("\(label): \(values.count) elements, expected \(expected.count)", sourceLocation: sourceLocation)
        return
    }
    for (index, (a, e)) in zip(values, expected).enumerated()
    where !(Swift.abs(a - e) <= absolute + relative * Swift.abs(e)) {
        Issue.record("\(label): element \(index) is \(a), expected \(e)", sourceLocation: sourceLocation)
        return
    }
}
