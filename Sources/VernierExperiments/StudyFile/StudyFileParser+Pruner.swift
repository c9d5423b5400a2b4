import Yams

extension StudyFileParser {
    static let prunerKeys = [
        "name", "min_epochs", "max_epochs", "reduction_factor", "bootstrap_count", "startup_trials", "warmup_epochs",
        "interval_epochs", "percentile",
    ]

    /// `pruner: median` or `pruner: {name: hyperband, min_epochs: 1, max_epochs: 15, reduction_factor: 3}`; both
    /// forms are checked here, so the error names the line. A missing `max_epochs` is checked later, by
    /// ``StudySpec/validate()``: it may come from the study's epochs (``StudyPlan/epochBudget``).
    func pruner(_ node: Node) throws -> PrunerSettings {
        guard node.mapping != nil else {
            let settings = try prunerNamed(node)
            do {
                _ = try Self.probe(settings).makePruner()
            } catch {
                throw self.error(
                    node, "pruner", error.message + "; write e.g. {name: \(settings.kind.rawValue), max_epochs: 15}")
            }
            return settings
        }
        let entries = try mapping(node, "pruner", allowed: Self.prunerKeys)
        guard let nameNode = entries.first(where: { $0.0 == "name" })?.2 else {
            throw error(node, "pruner.name", "missing; e.g. {name: hyperband, min_epochs: 1, max_epochs: 15}")
        }
        var settings = try prunerNamed(nameNode)
        for (key, _, value) in entries {
            let field = "pruner.\(key)"
            switch key {
            case "min_epochs": settings.minEpochs = try int(value, field)
            case "max_epochs": settings.maxEpochs = try int(value, field)
            case "reduction_factor": settings.reductionFactor = try int(value, field)
            case "bootstrap_count": settings.bootstrapCount = try int(value, field)
            case "startup_trials": settings.startupTrials = try int(value, field)
            case "warmup_epochs": settings.warmupEpochs = try int(value, field)
            case "interval_epochs": settings.intervalEpochs = try int(value, field)
            case "percentile": settings.percentile = try double(value, field)
            default: break
            }
        }
        do {
            _ = try Self.probe(settings).makePruner()
        } catch {
            throw self.error(node, "pruner", error.message)
        }
        return settings
    }

    /// `settings` with a stand-in `max_epochs` (the first rung) when it has none, to check every other setting.
    static func probe(_ settings: PrunerSettings) -> PrunerSettings {
        var probe = settings
        if probe.maxEpochs == nil { probe.maxEpochs = max(probe.minEpochs ?? 1, 1) }
        return probe
    }

    private func prunerNamed(_ node: Node) throws -> PrunerSettings {
        do {
            return try PrunerSettings(name: try string(node, "pruner.name"))
        } catch let error as PrunerSettingsError {
            throw self.error(node, "pruner.name", error.message)
        }
    }
}
