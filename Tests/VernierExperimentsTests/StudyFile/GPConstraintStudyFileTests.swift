import Foundation
import Testing
import VernierTune

@testable import VernierExperiments

/// `sampler: gp` with `constraints:` from a study file, down to the sampler's constraint processes.
@Suite struct GPConstraintStudyFileTests {
    @Test func aStudyFileRunsGPWithAConstraintOnAReportedMetric() throws {
        let commands = CommandObjectiveTests()
        let folder = try commands.folder([
            "study.yaml": """
            command: [sh, run.sh, "{x}", "{y}"]
            direction: minimize
            metric: value
            sampler: gp
            constraints: ["size >= 1"]
            trials: 12
            parameters:
              x: {type: float, low: 0, high: 1}
              y: {type: float, low: 0, high: 1}
            """,
            "run.sh": """
            awk -v x="$1" -v y="$2" 'BEGIN { printf "{\\"vernier\\": \\"result\\", \\"value\\": %.17g, \\"metrics\\": {\\"size\\": %.17g}}\\n", (x - 0.2) ^ 2 + (y - 0.2) ^ 2, x + y }'
            """,
        ])
        let trials = try commands.run(folder)
        #expect(trials.count == 12 && trials.allSatisfy { $0.state == .complete })
        for trial in trials {
            let x = try #require(trial.externalParameters["x"]?.doubleValue)
            let y = try #require(trial.externalParameters["y"]?.doubleValue)
            let constraint = try #require(trial.constraints?.first)
            #expect(abs(constraint - (1 - (x + y))) < 1e-9)
        }
        // After the 10 start-up trials the GP models the constraint (its fitted hyperparameters are stored).
        let modelled = trials.filter { $0.systemAttributes["gp:constraint_log_hyperparameters"] != nil }
        #expect(modelled.map(\.number) == [10, 11])
    }
}
