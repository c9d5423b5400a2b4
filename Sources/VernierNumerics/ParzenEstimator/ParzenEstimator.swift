import Foundation

/// A Parzen (kernel density) estimator over a box of numerical and categorical coordinates: a weighted mixture of
/// product kernels, one per observation plus one prior kernel, as used by the tree-structured Parzen estimator
/// (Bergstra, Bardenet, Bengio and Kégl, "Algorithms for hyper-parameter optimization", NeurIPS 2011; Watanabe,
/// "Tree-structured Parzen estimator: understanding its algorithm components", 2023).
///
/// Each kernel is a product over coordinates of a truncated Gaussian (numerical, truncated to the range), its
/// discretization (stepped numerical) or a categorical distribution that puts mass 1 on the observed category
/// plus `priorWeight / (n + 1)` on every category, renormalized. Bandwidths follow ``ParzenEstimatorSettings``.
///
/// ```swift
/// let estimator = ParzenEstimator(
///     observations: [[0.2, 1], [0.3, 0], [0.25, 1]], weights: [1, 1, 1],
///     dimensions: [.numerical(low: 0, high: 1, step: nil), .categorical(count: 2)])
/// var rng = Xoshiro256(seed: 1)   // VernierRandom; any RandomNumberGenerator works
/// let candidates = estimator.sample(count: 24, using: &rng)
/// let scores = candidates.map(estimator.logDensity)
/// ```
public struct ParzenEstimator: Sendable {
    /// The coordinates' domains.
    public let dimensions: [ParzenDimension]
    /// Normalized mixture weights: one per observation, then the prior kernel's.
    public let weights: [Double]
    /// log of ``weights``.
    let logWeights: [Double]
    /// Per coordinate: kernel means (numerical) — empty for categorical coordinates.
    let means: [[Double]]
    /// Per coordinate: kernel standard deviations (numerical).
    let standardDeviations: [[Double]]
    /// Per coordinate: log of each kernel's truncation mass (numerical).
    let logNormalizers: [[Double]]
    /// Per coordinate: log σ + log(√(2π)) + log(truncation mass) of each kernel (numerical).
    let continuousLogOffsets: [[Double]]
    /// Per coordinate: kernel-major category log-probabilities (categorical), `kernelCount × count`.
    let categoryLogProbabilities: [[Double]]
    /// Per coordinate: kernel-major category probabilities (categorical), for sampling.
    let categoryProbabilities: [[Double]]

    /// The number of kernels (observations + 1).
    public var kernelCount: Int { weights.count }

    /// Builds the estimator from `observations` (one row per observation, one column per coordinate, categorical
    /// values as indices) with per-observation `weights` (not necessarily normalized).
    ///
    /// ```swift
    /// let estimator = ParzenEstimator(observations: [[0.5]], weights: [1], dimensions: [.numerical(low: 0, high: 1, step: nil)])
    /// ```
    public init(
        observations: [[Double]], weights observationWeights: [Double], dimensions: [ParzenDimension],
        settings: ParzenEstimatorSettings = ParzenEstimatorSettings()
    ) {
        precondition(observations.count == observationWeights.count, "ParzenEstimator: one weight per observation")
        precondition(
            observations.allSatisfy { $0.count == dimensions.count }, "ParzenEstimator: one value per dimension")
        precondition(!dimensions.isEmpty, "ParzenEstimator needs at least one dimension")
        let n = observations.count
        var weights = observationWeights + [settings.priorWeight]
        let total = weights.reduce(0, +)
        precondition(total > 0 && weights.allSatisfy { $0 >= 0 }, "ParzenEstimator: weights must be non-negative")
        for k in weights.indices { weights[k] /= total }
        self.dimensions = dimensions
        self.weights = weights
        self.logWeights = weights.map { Foundation.log($0) }
        var means: [[Double]] = []
        var standardDeviations: [[Double]] = []
        var logNormalizers: [[Double]] = []
        var categoryLogProbabilities: [[Double]] = []
        var categoryProbabilities: [[Double]] = []
        for (column, dimension) in dimensions.enumerated() {
            let values = observations.map { $0[column] }
            switch dimension {
            case .numerical(let low, let high, let step):
                let (mu, sigma) = ParzenEstimator.numericalKernels(
                    values: values, low: low, high: high, step: step, dimensionCount: dimensions.count,
                    settings: settings)
                let halfStep = (step ?? 0) / 2
                var normalizers = [Double](repeating: 0, count: n + 1)
                for k in 0..<(n + 1) {
                    normalizers[k] = StandardNormal.logProbability(
                        from: (low - halfStep - mu[k]) / sigma[k], to: (high + halfStep - mu[k]) / sigma[k])
                }
                means.append(mu)
                standardDeviations.append(sigma)
                logNormalizers.append(normalizers)
                categoryLogProbabilities.append([])
                categoryProbabilities.append([])
            case .categorical(let count):
                precondition(count >= 1, "ParzenEstimator: a categorical dimension needs at least one category")
                let kernels = n + 1
                var probabilities = [Double](repeating: settings.priorWeight / Double(kernels), count: kernels * count)
                for k in 0..<n {
                    let index = min(max(Int(values[k].rounded()), 0), count - 1)
                    probabilities[k * count + index] += 1
                }
                for k in 0..<kernels {
                    var sum = 0.0
                    for c in 0..<count { sum += probabilities[k * count + c] }
                    for c in 0..<count { probabilities[k * count + c] /= sum }
                }
                means.append([])
                standardDeviations.append([])
                logNormalizers.append([])
                categoryLogProbabilities.append(probabilities.map { Foundation.log($0) })
                categoryProbabilities.append(probabilities)
            }
        }
        self.means = means
        self.standardDeviations = standardDeviations
        self.logNormalizers = logNormalizers
        self.continuousLogOffsets = (0..<dimensions.count).map { column in
            zip(standardDeviations[column], logNormalizers[column]).map {
                Foundation.log($0) + StandardNormal.logSquareRootTwoPi + $1
            }
        }
        self.categoryLogProbabilities = categoryLogProbabilities
        self.categoryProbabilities = categoryProbabilities
    }

    /// Kernel means and bandwidths of one numerical coordinate, the prior kernel last.
    static func numericalKernels(
        values: [Double], low: Double, high: Double, step: Double?, dimensionCount: Int,
        settings: ParzenEstimatorSettings
    ) -> (means: [Double], standardDeviations: [Double]) {
        let n = values.count
        let width = high - low + (step ?? 0)
        var sigmas = [Double](repeating: 0, count: n)
        switch settings.bandwidthRule {
        case .scott:
            let sigma = 0.2 * Foundation.pow(Double(max(n, 1)), -1.0 / Double(dimensionCount + 4)) * width
            for k in 0..<n { sigmas[k] = sigma }
        case .neighbourDistance where n > 0:
            // Distance to the farther sorted neighbour, the (step-widened) range ends as sentinels.
            let halfStep = (step ?? 0) / 2
            // The stable order by value: sort the values alone (fast), then give observation i the first slot of
            // its value plus one per earlier observation with the same value.
            let sortedValues = values.sorted()
            var order = [Int](repeating: 0, count: n)
            var tiesBefore = [Int](repeating: 0, count: n)
            for index in 0..<n {
                var lower = 0
                var upper = n
                while lower < upper {
                    let middle = (lower + upper) / 2
                    if sortedValues[middle] < values[index] { lower = middle + 1 } else { upper = middle }
                }
                order[lower + tiesBefore[lower]] = index
                tiesBefore[lower] += 1
            }
            let sorted = [low - halfStep] + sortedValues + [high + halfStep]
            var sortedSigmas = [Double](repeating: 0, count: n)
            for position in 0..<n {
                let i = position + 1
                sortedSigmas[position] = max(sorted[i] - sorted[i - 1], sorted[i + 1] - sorted[i])
            }
            if !settings.considerEndpoints && sorted.count >= 4 {
                sortedSigmas[0] = sorted[2] - sorted[1]
                sortedSigmas[n - 1] = sorted[sorted.count - 2] - sorted[sorted.count - 3]
            }
            for (position, index) in order.enumerated() {
                sigmas[index] = sortedSigmas[position]
            }
        case .neighbourDistance:
            break
        }
        let maximumSigma = width
        let minimumSigma =
            settings.considerMagicClip ? width / min(100.0, 1.0 + Double(n + 1)) : 1e-12 * max(width, 1e-300)
        for k in 0..<n { sigmas[k] = min(max(sigmas[k], minimumSigma), maximumSigma) }
        return (values + [0.5 * (low + high)], sigmas + [width])
    }

    /// log density (log probability for discrete and categorical coordinates) of one point.
    ///
    /// ```swift
    /// let score = below.logDensity(x) - above.logDensity(x)
    /// ```
    public func logDensity(_ point: [Double]) -> Double {
        precondition(point.count == dimensions.count, "ParzenEstimator.logDensity: one value per dimension")
        return logDensities(flat: point)[0]
    }

    /// log densities of the points stored row after row in `points` (`points.count / dimensions.count` rows of
    /// `dimensions.count` values, as ``sampleFlat(count:using:)`` returns them): the same values as
    /// ``logDensity(_:)`` point by point, computed coordinate by coordinate over all points and kernels at once in
    /// one buffer (no allocation per point).
    ///
    /// ```swift
    /// let candidates = below.sampleFlat(count: 64, using: &rng)
    /// let scores = zip(below.logDensities(flat: candidates), above.logDensities(flat: candidates)).map { $0 - $1 }
    /// ```
    public func logDensities(flat points: [Double]) -> [Double] {
        let dimensionCount = dimensions.count
        precondition(
            points.count % dimensionCount == 0, "ParzenEstimator.logDensities: one value per dimension and point")
        let pointCount = points.count / dimensionCount
        let kernels = kernelCount
        // terms[p * kernels + k]: log weight of kernel k plus its log density at point p, summed over coordinates
        // in order (the same additions, in the same order, as one point at a time).
        var terms = [Double](repeating: 0, count: pointCount * kernels)
        terms.withUnsafeMutableBufferPointer { terms in
            logWeights.withUnsafeBufferPointer { logWeights in
                for p in 0..<pointCount {
                    for k in 0..<kernels { terms[p * kernels + k] = logWeights[k] }
                }
            }
            for (column, dimension) in dimensions.enumerated() {
                switch dimension {
                case .numerical(_, _, let step):
                    means[column].withUnsafeBufferPointer { mu in
                        standardDeviations[column].withUnsafeBufferPointer { sigma in
                            if let step {
                                let half = step / 2
                                let normalizer = logNormalizers[column]
                                for p in 0..<pointCount {
                                    let x = points[p * dimensionCount + column]
                                    let row = p * kernels
                                    for k in 0..<kernels {
                                        terms[row + k] +=
                                            StandardNormal.logProbability(
                                                from: (x - half - mu[k]) / sigma[k], to: (x + half - mu[k]) / sigma[k])
                                            - normalizer[k]
                                    }
                                }
                            } else {
                                continuousLogOffsets[column].withUnsafeBufferPointer { offset in
                                    for p in 0..<pointCount {
                                        let x = points[p * dimensionCount + column]
                                        // A row of its own, so that the loop has no index arithmetic to check
                                        // and vectorizes.
                                        let row = UnsafeMutableBufferPointer(
                                            rebasing: terms[(p * kernels)..<((p + 1) * kernels)])
                                        for k in 0..<kernels {
                                            let z = (x - mu[k]) / sigma[k]
                                            row[k] += -0.5 * z * z - offset[k]
                                        }
                                    }
                                }
                            }
                        }
                    }
                case .categorical(let count):
                    categoryLogProbabilities[column].withUnsafeBufferPointer { table in
                        for p in 0..<pointCount {
                            let index = min(max(Int(points[p * dimensionCount + column].rounded()), 0), count - 1)
                            let row = p * kernels
                            for k in 0..<kernels { terms[row + k] += table[k * count + index] }
                        }
                    }
                }
            }
        }
        return terms.withUnsafeBufferPointer { terms in
            (0..<pointCount).map { p in
                logSumExp(UnsafeBufferPointer(rebasing: terms[(p * kernels)..<((p + 1) * kernels)]))
            }
        }
    }

    /// Draws `count` points: a kernel by its weight, then each coordinate from that kernel (truncated normals by
    /// exact inversion; stepped coordinates rounded to the grid; categories by their probabilities).
    ///
    /// ```swift
    /// let points = estimator.sample(count: 24, using: &rng)
    /// ```
    public func sample(count: Int, using generator: inout some RandomNumberGenerator) -> [[Double]] {
        let flat = sampleFlat(count: count, using: &generator)
        let dimensionCount = dimensions.count
        return (0..<count).map { Array(flat[($0 * dimensionCount)..<(($0 + 1) * dimensionCount)]) }
    }

    /// ``sample(count:using:)`` with the points stored row after row in one array (`count × dimensions.count`
    /// values), the same draws from the same generator state. The truncation terms of a kernel's coordinate
    /// (log Φ of its lower bound and its log mass) are computed once per call and reused for every draw from it.
    ///
    /// ```swift
    /// let candidates = estimator.sampleFlat(count: 64, using: &rng)   // candidates[i * D + d]
    /// ```
    public func sampleFlat(count: Int, using generator: inout some RandomNumberGenerator) -> [Double] {
        var cumulative = weights
        for k in 1..<cumulative.count { cumulative[k] += cumulative[k - 1] }
        let dimensionCount = dimensions.count
        var points = [Double](repeating: 0, count: count * dimensionCount)
        // log Φ of the (mirrored) lower truncation bound of kernel k in coordinate d, at [k * D + d]; NaN until used.
        var logLowers = [Double](repeating: .nan, count: kernelCount * dimensionCount)
        for index in 0..<count {
            let u = generator.unitUniform() * cumulative[cumulative.count - 1]
            var kernel = cumulative.firstIndex { $0 > u } ?? (cumulative.count - 1)
            kernel = min(kernel, kernelCount - 1)
            for (column, dimension) in dimensions.enumerated() {
                switch dimension {
                case .numerical(let low, let high, let step):
                    let half = (step ?? 0) / 2
                    let mu = means[column][kernel]
                    let sigma = standardDeviations[column][kernel]
                    let lower = (low - half - mu) / sigma
                    let upper = (high + half - mu) / sigma
                    precondition(lower <= upper, "ParzenEstimator.sample: empty truncation interval")
                    let v = generator.unitUniform()
                    var z = lower
                    if lower != upper {
                        // As StandardNormal.truncatedQuantile: the upper tail is mirrored; the log mass of the
                        // interval is the kernel's normalizer (logProbability mirrors the same way).
                        let mirrored = lower > 0
                        let a = mirrored ? -upper : lower
                        let b = mirrored ? -lower : upper
                        let cache = kernel * dimensionCount + column
                        if logLowers[cache].isNaN { logLowers[cache] = StandardNormal.logCDF(a) }
                        let w = StandardNormal.truncatedQuantile(
                            mirrored ? 1 - v : v, from: a, to: b, logLower: logLowers[cache],
                            logMass: logNormalizers[column][kernel])
                        z = mirrored ? -w : w
                    }
                    var x = mu + sigma * z
                    if let step {
                        x = low + ((x - low) / step).rounded() * step
                    }
                    points[index * dimensionCount + column] = min(max(x, low), high)
                case .categorical(let categoryCount):
                    let table = categoryProbabilities[column]
                    var v = generator.unitUniform()
                    var chosen = categoryCount - 1
                    for c in 0..<categoryCount {
                        v -= table[kernel * categoryCount + c]
                        if v < 0 {
                            chosen = c
                            break
                        }
                    }
                    points[index * dimensionCount + column] = Double(chosen)
                }
            }
        }
        return points
    }
}
