extension StudySnapshot {
    /// The trials as RFC 4180 CSV (lines end in `\n`), one row per trial, with the columns of Optuna's
    /// `trials_dataframe`: `number, state, value, datetime_start, datetime_complete, duration_s`, then `params_<name>`,
    /// `user_attrs_<key>` and `system_attrs_<key>` (each sorted by name), `intermediate_values` and
    /// `fail_reason`. Numbers are written in the shortest form that reads back to the same bits (`nan`, `inf`,
    /// `-inf` for non-finite ones), dates as ISO-8601 text, attribute arrays and objects and the intermediate
    /// values (`[[step, value], …]`) as compact JSON; an absent value is an empty cell. Python's `csv` module and
    /// pandas read it back unchanged. Trials with several values have `values_0`, `values_1`, … instead of `value`
    /// (as Optuna's multi-objective frame), and trials with constraints a `constraints` column (a JSON array).
    ///
    /// ```swift
    /// try snapshot.csv().write(toFile: "trials.csv", atomically: true, encoding: .utf8)
    /// ```
    public func csv() -> String {
        let parameterNames = Set(trials.flatMap { $0.parameters.keys }).sorted()
        let userKeys = Set(trials.flatMap { $0.userAttributes.keys }).sorted()
        let systemKeys = Set(trials.flatMap { $0.systemAttributes.keys }).sorted()
        let objectives = trials.map { $0.values?.count ?? 1 }.max() ?? 1
        let hasConstraints = trials.contains { $0.constraints != nil }
        let headers =
            ["number", "state"] + (objectives > 1 ? (0..<objectives).map { "values_\($0)" } : ["value"])
            + (hasConstraints ? ["constraints"] : []) + ["datetime_start", "datetime_complete", "duration_s"]
            + parameterNames.map { "params_" + $0 } + userKeys.map { "user_attrs_" + $0 }
            + systemKeys.map { "system_attrs_" + $0 } + ["intermediate_values", "fail_reason"]
        var lines = [headers.map(Self.quoted).joined(separator: ",")]
        for trial in trials {
            var cells = [String(trial.number), trial.state.rawValue]
            if objectives > 1 {
                let values = trial.values ?? trial.value.map { [$0] } ?? []
                cells += (0..<objectives).map { $0 < values.count ? Self.number(values[$0]) : "" }
            } else {
                cells.append(trial.value.map(Self.number) ?? "")
            }
            if hasConstraints {
                cells.append(trial.constraints.map { "[" + $0.map(JSONText.number).joined(separator: ",") + "]" } ?? "")
            }
            cells += [
                trial.start.map(ISO8601Timestamp.string) ?? "", trial.complete.map(ISO8601Timestamp.string) ?? "",
                trial.duration.map(Self.number) ?? "",
            ]
            cells += parameterNames.map { name in trial.parameters[name].map(Self.cell) ?? "" }
            cells += userKeys.map { key in trial.userAttributes[key].map(Self.cell) ?? "" }
            cells += systemKeys.map { key in trial.systemAttributes[key].map(Self.cell) ?? "" }
            cells.append(
                trial.intermediateValues.isEmpty
                    ? ""
                    : "["
                        + trial.intermediateValues.map { "[\($0.step),\(JSONText.number($0.value))]" }
                        .joined(separator: ",") + "]")
            cells.append(trial.failReason ?? "")
            lines.append(cells.map(Self.quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Shortest round-trip text: `0.1`, `1e-05`, `nan`, `inf`, `-inf` (what Python's `float()` reads).
    static func number(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return "\(value)"
    }

    static func cell(_ value: ParameterValue) -> String {
        switch value {
        case .double(let value): return number(value)
        case .int(let value): return String(value)
        case .string(let value): return value
        case .bool(let value): return value ? "true" : "false"
        }
    }

    static func cell(_ value: AttributeValue) -> String {
        switch value {
        case .null: return ""
        case .double(let value): return number(value)
        case .string(let value): return value
        case .bool, .int, .array, .object: return JSONText.text(value)
        }
    }

    static func quoted(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
