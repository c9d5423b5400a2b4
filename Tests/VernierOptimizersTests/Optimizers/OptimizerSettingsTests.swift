import Foundation
import Testing
import VernierOptimizers
import VernierTensor

/// `OptimizerSettings`: the one optimizer vocabulary, from names (`OptimizerSettings.Name.settings`) to optimizers.
@Suite struct OptimizerSettingsTests {
    @Test func namesMapToTheirSettingsWithTheOldDefaults() throws {
        #expect(OptimizerSettings.Name.sgd.settings(learningRate: 0.1) == .sgd(learningRate: 0.1))
        #expect(OptimizerSettings.Name.momentum.settings(learningRate: 0.1) == .sgd(learningRate: 0.1, momentum: 0.9))
        #expect(
            OptimizerSettings.Name.nesterov.settings(learningRate: 0.1, momentum: 0.5)
                == .sgd(learningRate: 0.1, momentum: 0.5, nesterov: true))
        #expect(OptimizerSettings.Name.adamw.settings() == .adamW(learningRate: 0.001, weightDecay: 0.01))
        #expect(OptimizerSettings.Name.rmsprop.settings(learningRate: 0.01, momentum: 0.3).name == .rmsprop)
        for kind in OptimizerSettings.Name.allCases {
            let settings = kind.settings(learningRate: 0.02)
            #expect(settings.name == kind)
            #expect(settings.learningRate == 0.02)
            #expect(settings.makeOptimizer().learningRate == 0.02)
        }
    }

    @Test func settingsMakeTheOptimizerTheyDescribe() throws {
        let adam = try #require(
            OptimizerSettings.adam(learningRate: 0.01, beta1: 0.8, weightDecay: 0.1).makeOptimizer() as? Adam)
        #expect(adam.beta1 == 0.8 && adam.weightDecay == 0.1 && adam.learningRate == 0.01)
        let sgd = try #require(
            OptimizerSettings.sgd(learningRate: 0.1, momentum: 0.9, nesterov: true).makeOptimizer() as? SGD)
        #expect(sgd.nesterov && sgd.momentum == 0.9)
        #expect(OptimizerSettings.adagrad(learningRate: 0.1).makeFlatOptimizer() == nil)
        #expect(OptimizerSettings.adagrad(learningRate: 0.1).makeOptimizer() is Adagrad)
        #expect(
            OptimizerSettings.rmsprop(learningRate: 0.1, momentum: 0.2).with(learningRate: 0.3)
                == .rmsprop(learningRate: 0.3, momentum: 0.2))
        #expect("\(OptimizerSettings.sgd(learningRate: 0.1, momentum: 0.9))" == "momentum(lr 0.1, momentum 0.9)")
    }
}
