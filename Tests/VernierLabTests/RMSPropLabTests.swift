import Testing

@testable import VernierLab

@Test func adaptiveMethodsBeatSGDOnIllConditionedQuadratic() throws {
    let lab = RMSPropLab()
    let result = try lab.run(try lab.configuration(["mlp": "false", "kappa": "100", "steps": "200"]))
    let final = Dictionary(uniqueKeysWithValues: result.quadratic.map { ($0.name, $0.finalValue) })
    #expect(final["adam"]! < final["sgd"]!)
    #expect(final["rmsprop"]! < final["sgd"]!)
    #expect(result.mlp.isEmpty)
}

@Test func adamTrainsTheSpiralsMLPFasterThanSGD() throws {
    let lab = RMSPropLab()
    let result = try lab.run(try lab.configuration(["epochs": "3", "train-size": "400", "steps": "10"]))
    let final = Dictionary(uniqueKeysWithValues: result.mlp.map { ($0.name, $0.finalValue) })
    #expect(final["adam"]! < final["sgd"]!)
}
