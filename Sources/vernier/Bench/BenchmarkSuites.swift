/// Every benchmark suite `vernier bench` knows, in the order `bench all` runs them.
/// Add a suite here when you add its file under `Bench/`.
let benchmarkSuites: [any BenchmarkSuite.Type] = [
    TensorBenchmark.self,
    TrainingBenchmark.self,
    SamplerBenchmark.self,
    StorageBenchmark.self,
    PruningBenchmark.self,
    ObjectivesBenchmark.self,
    GPUBenchmark.self,
]
