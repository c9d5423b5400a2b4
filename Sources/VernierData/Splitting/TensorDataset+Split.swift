import VernierRandom
import VernierTensor

extension TensorDataset {
    /// Splits the samples at random into training, validation and test parts (seeded).
    ///
    /// The permutation comes from `seed`, so the same seed always gives the same parts. With `stratified`, the
    /// targets must be class indices (`[N]` or `[N, 1]`) and every class is split in the same proportions
    /// (largest-remainder rounding so the part sizes are exact).
    ///
    /// ```swift
    /// let splits = data.split(validation: .fraction(0.2), test: .fraction(0.1), stratified: true, seed: 42)
    /// ```
    public func split(
        validation: SplitSize, test: SplitSize = .count(0), stratified: Bool = false, seed: UInt64
    ) -> DatasetSplits {
        let total = count
        let validationCount = validation.resolved(total: total)
        let testCount = test.resolved(total: total)
        precondition(
            validationCount + testCount <= total,
            "split: validation (\(validationCount)) and test (\(testCount)) exceed the \(total) samples")
        var generator = Xoshiro256(seed: seed)
        var trainIndices: [Int] = []
        var validationIndices: [Int] = []
        var testIndices: [Int] = []
        if stratified {
            let labels = classIndices
            var groups: [Int: [Int]] = [:]
            for (index, label) in labels.enumerated() { groups[label, default: []].append(index) }
            let classes = groups.keys.sorted()
            for label in classes { groups[label]!.deterministicShuffle(using: &generator) }
            let sizes = classes.map { groups[$0]!.count }
            let testQuota = Self.apportion(testCount, among: sizes)
            let validationQuota = Self.apportion(validationCount, among: sizes.enumerated().map { $1 - testQuota[$0] })
            for (position, label) in classes.enumerated() {
                let group = groups[label]!
                let trainEnd = group.count - testQuota[position] - validationQuota[position]
                trainIndices += group[0..<trainEnd]
                validationIndices += group[trainEnd..<(trainEnd + validationQuota[position])]
                testIndices += group[(trainEnd + validationQuota[position])...]
            }
            trainIndices.deterministicShuffle(using: &generator)
            validationIndices.deterministicShuffle(using: &generator)
            testIndices.deterministicShuffle(using: &generator)
        } else {
            var order = Array(0..<total)
            order.deterministicShuffle(using: &generator)
            let trainEnd = total - validationCount - testCount
            trainIndices = Array(order[0..<trainEnd])
            validationIndices = Array(order[trainEnd..<(trainEnd + validationCount)])
            testIndices = Array(order[(trainEnd + validationCount)...])
        }
        return DatasetSplits(
            train: subset(trainIndices), validation: subset(validationIndices), test: subset(testIndices))
    }

    /// Shares `total` among groups in proportion to their sizes (largest remainder; ties to the earlier group).
    static func apportion(_ total: Int, among sizes: [Int]) -> [Int] {
        let population = sizes.reduce(0, +)
        guard population > 0, total > 0 else { return sizes.map { _ in 0 } }
        let exact = sizes.map { Double(total) * Double($0) / Double(population) }
        var shares = exact.map { Int($0.rounded(.down)) }
        var remaining = total - shares.reduce(0, +)
        let byRemainder = exact.indices.sorted { (exact[$0] - Double(shares[$0])) > (exact[$1] - Double(shares[$1])) }
        for index in byRemainder where remaining > 0 && shares[index] < sizes[index] {
            shares[index] += 1
            remaining -= 1
        }
        return shares
    }
}
