import Foundation
import VernierTune

extension StudySpec {
    /// Reads a stored spec; its settings, stored as text, are read by the objective's keys
    /// (``TunableObjective/settingKeys``) into typed values here, once. A setting the objective does not take, or
    /// a value its key refuses, is a decoding error (the spec is then unreadable).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        objective = try container.decode(String.self, forKey: .objective)
        metrics = try container.decode([String].self, forKey: .metrics)
        directions = try container.decode([StudyDirection].self, forKey: .directions)
        constraints = try container.decode([MetricConstraint].self, forKey: .constraints)
        sampler = try container.decode(SamplerKind.self, forKey: .sampler)
        candidates = try container.decodeIfPresent(Int.self, forKey: .candidates)
        goodGroup = try container.decodeIfPresent(MultiObjectiveGoodGroup.self, forKey: .goodGroup)
        pruner = try container.decode(PrunerSettings.self, forKey: .pruner)
        space = try container.decode(SearchSpace.self, forKey: .space)
        values = try container.decode([String: [ParameterValue]].self, forKey: .values)
        baseline = try container.decode([String: ParameterValue].self, forKey: .baseline)
        repeats = try container.decode(Int.self, forKey: .repeats)
        seed = try container.decode(UInt64.self, forKey: .seed)
        noise = try container.decode(Double.self, forKey: .noise)
        test = try container.decode(Bool.self, forKey: .test)
        fused = try container.decodeIfPresent(Bool.self, forKey: .fused) ?? Self.legacyFused(decoder)
        trials = try container.decodeIfPresent(Int.self, forKey: .trials)
        timeout = try container.decodeIfPresent(Double.self, forKey: .timeout)
        command = try container.decodeIfPresent(CommandObjective.self, forKey: .command)
        let texts = try container.decode([String: String].self, forKey: .settings)
        do {
            settings = try Self.typedSettings(texts, objective: objective)
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: .settings, in: container, debugDescription: error.description)
        }
    }

    /// The keys of specs written by earlier builds that this build still reads.
    private enum LegacyKeys: String, CodingKey {
        /// ``fused`` under its earlier name.
        case vectorize
    }

    /// ``fused`` of a spec written by an earlier build, which stored it as `vectorize`; a decoding error when
    /// neither key is there.
    private static func legacyFused(_ decoder: any Decoder) throws -> Bool {
        try decoder.container(keyedBy: LegacyKeys.self).decode(Bool.self, forKey: .vectorize)
    }

    /// `texts` read by the keys of the registered objective `objective` (every key normalized with
    /// ``settingKey(_:)``): the one place a setting's text becomes a typed value for a study. Throws
    /// ``RecipeError/noSettings(_:)`` for an objective that takes none, ``RecipeError/unknownSetting(_:valid:)``
    /// and ``RecipeError/invalidSetting(key:value:expected:)`` naming the key.
    ///
    /// ```swift
    /// try StudySpec.typedSettings(["Batch_Size": "16"], objective: "iris")   // ["batch-size": .integer(16)]
    /// ```
    public static func typedSettings(
        _ texts: [String: String], objective: String
    ) throws(RecipeError) -> [String: SettingValue] {
        guard !texts.isEmpty else { return [:] }
        guard let found = TunableObjectiveRegistry.objective(named: objective) else {
            throw .unknownObjective(objective, known: TunableObjectiveRegistry.all.map(\.name))
        }
        guard !found.settingKeys.isEmpty else { throw .noSettings(found.name) }
        var result: [String: SettingValue] = [:]
        for raw in texts.keys.sorted() {
            let (name, text) = (settingKey(raw), texts[raw]!)
            guard let key = found.settingKeys.first(where: { $0.name == name }) else {
                throw .unknownSetting(name, valid: found.settingKeys.map(\.name))
            }
            guard let value = key.value(parsing: text) else {
                throw .invalidSetting(key: name, value: text, expected: key.expectation)
            }
            result[name] = value
        }
        return result
    }
}
