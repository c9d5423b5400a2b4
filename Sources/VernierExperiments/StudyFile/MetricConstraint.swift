import Foundation

/// A bound on a metric the objective reports, from a study file's `constraints: ["parameters <= 50000"]`: the
/// trial is feasible when every bound holds. Validated once into this value; the study stores each as a
/// constraint value (``value(of:)``, satisfied when ≤ 0) with the trial.
///
/// ```swift
/// let constraint = try MetricConstraint(parsing: "parameters <= 50000")
/// constraint.value(of: 48_000)   // -2000: satisfied
/// ```
public struct MetricConstraint: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Which side of the bound is allowed.
    public enum Relation: String, Sendable, Hashable, Codable {
        /// The metric must be at most the bound.
        case atMost = "<="
        /// The metric must be at least the bound.
        case atLeast = ">="
    }

    /// The metric's name (as the objective reports it, e.g. `parameters`).
    public var metric: String
    /// `<=` or `>=`.
    public var relation: Relation
    /// The bound (finite).
    public var bound: Double

    /// Creates a constraint; `bound` must be finite.
    public init(metric: String, relation: Relation, bound: Double) {
        precondition(bound.isFinite, "MetricConstraint: the bound must be finite")
        self.metric = metric
        self.relation = relation
        self.bound = bound
    }

    /// Parses `name <= number` or `name >= number` (spaces around the operator optional); throws
    /// ``MetricConstraintError`` saying what is wrong.
    ///
    /// ```swift
    /// try MetricConstraint(parsing: "train_seconds>=0.5").relation   // .atLeast
    /// ```
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let found = [Relation.atMost, .atLeast].compactMap { relation in
            trimmed.range(of: relation.rawValue).map { (relation, $0) }
        }
        guard found.count == 1, let (relation, range) = found.first else {
            throw MetricConstraintError(text: text, problem: "write 'metric <= number' or 'metric >= number'")
        }
        let name = trimmed[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        let number = trimmed[range.upperBound...].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            throw MetricConstraintError(text: text, problem: "'\(name)' is not a metric name")
        }
        guard let bound = Double(number), bound.isFinite else {
            throw MetricConstraintError(text: text, problem: "'\(number)' is not a finite number")
        }
        self.init(metric: name, relation: relation, bound: bound)
    }

    /// The constraint value the study stores for a metric value: `value − bound` for `<=`, `bound − value` for
    /// `>=`; satisfied when ≤ 0, and how far it is violated otherwise.
    public func value(of metricValue: Double) -> Double {
        relation == .atMost ? metricValue - bound : bound - metricValue
    }

    /// `parameters <= 50000`.
    public var description: String { "\(metric) \(relation.rawValue) \(ParameterFormat.text(bound))" }
}

/// A constraint that cannot be read.
///
/// ```swift
/// catch let error as MetricConstraintError { print(error) }   // "'parameters < 5': write 'metric <= number' …"
/// ```
public struct MetricConstraintError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text as given.
    public var text: String
    /// What is wrong and how to write it.
    public var problem: String

    /// `'<text>': <problem>`.
    public var description: String { "'\(text)': \(problem)" }
}

/// Numbers as people write them in constraints: `50000`, not `50000.0`.
enum ParameterFormat {
    static func text(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}
