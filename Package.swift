// swift-tools-version: 6.0
// Vernier: train small and medium neural networks and tune their hyperparameters, in Swift.
//
// Dependency rules (see docs/ARCHITECTURE.md): only leaf targets touch the system
// (CBLAS, CSQLite, CPostgreSQL, CZlib); VernierTune depends on nothing heavy; heavy packages
// (ArgumentParser, Yams) stay in the leaf targets that need them.
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6)
]

let package = Package(
    name: "Vernier",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vernier", targets: ["vernier"]),
        .library(name: "VernierRandom", targets: ["VernierRandom"]),
        .library(name: "VernierLimits", targets: ["VernierLimits"]),
        .library(name: "VernierTensor", targets: ["VernierTensor"]),
        .library(name: "VernierNN", targets: ["VernierNN"]),
        .library(name: "VernierOptimizers", targets: ["VernierOptimizers"]),
        .library(name: "VernierData", targets: ["VernierData"]),
        .library(name: "VernierTraining", targets: ["VernierTraining"]),
        .library(name: "VernierNumerics", targets: ["VernierNumerics"]),
        .library(name: "VernierTune", targets: ["VernierTune"]),
        .library(name: "VernierTuneSQL", targets: ["VernierTuneSQL"]),
        .library(name: "VernierTuneSQLite", targets: ["VernierTuneSQLite"]),
        .library(name: "VernierTunePostgres", targets: ["VernierTunePostgres"]),
        .library(name: "VernierReports", targets: ["VernierReports"]),
        .library(name: "VernierTrainingReports", targets: ["VernierTrainingReports"]),
        .library(name: "VernierDashboard", targets: ["VernierDashboard"]),
        .library(name: "VernierExperiments", targets: ["VernierExperiments"]),
        .library(name: "VernierLab", targets: ["VernierLab"]),
        .library(name: "VernierCUDA", targets: ["VernierCUDA"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // System libraries (leaf targets).
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "pkg-config"])]),
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        // libpq's headers only: VernierTunePostgres opens the library with dlopen on first use (`LibPQ`), so
        // nothing links it and a process that never uses PostgreSQL does not load it and the ~20 libraries behind it.
        .systemLibrary(name: "CPostgreSQL", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),

        // Core.
        // Counts heap allocations for `vernier bench` (replaces glibc's malloc entry points; linked only by the CLI).
        .target(name: "CAllocationCounter"),
        // Optimizer update and max-pooling kernels in C: the widest vector unit, chosen at run time (AVX2 / SSE2).
        .target(name: "CVernierKernels"),
        // The Linux parent-death signal for worker processes (`prctl` is variadic, so Swift cannot call it), and the
        // fork/exec of a command objective's program (own process group, parent-death signal, no shell).
        .target(name: "CVernierProcess"),
        .target(name: "VernierRandom", swiftSettings: strict),
        // The largest inputs Vernier accepts (grid size, IDX and CSV sizes, parameter bounds), stated once.
        .target(name: "VernierLimits", swiftSettings: strict),
        .target(
            name: "VernierTensor",
            dependencies: [
                "VernierRandom", "CVernierKernels", .target(name: "CBLAS", condition: .when(platforms: [.linux])),
            ],
            swiftSettings: strict),
        .target(name: "VernierNN", dependencies: ["VernierTensor", "VernierRandom"], swiftSettings: strict),
        .target(
            name: "VernierOptimizers", dependencies: ["VernierTensor", "CVernierKernels"],
            swiftSettings: strict),
        .target(
            name: "VernierData", dependencies: ["VernierTensor", "VernierRandom", "VernierLimits", "CZlib"],
            resources: [.copy("Resources")], swiftSettings: strict),
        .target(
            name: "VernierTraining",
            dependencies: [
                "VernierTensor", "VernierNN", "VernierOptimizers", "VernierData", "VernierRandom",
            ],
            swiftSettings: strict),

        // The CUDA backend: driver, cuBLAS and NVRTC opened with dlopen at run time (no CUDA SDK at build time),
        // and its training engine behind VernierTraining's TrainingEngine seam.
        .target(
            name: "VernierCUDA",
            dependencies: [
                "VernierTensor", "VernierNN", "VernierOptimizers", "VernierData", "VernierRandom", "VernierTraining",
            ],
            swiftSettings: strict),

        // Tuning.
        .target(name: "VernierNumerics", swiftSettings: strict),
        .target(
            name: "VernierTune", dependencies: ["VernierRandom", "VernierNumerics", "VernierLimits"],
            swiftSettings: strict),
        // The SQL storage written once (schema, statements, transactions) over a connection protocol and a dialect.
        .target(name: "VernierTuneSQL", dependencies: ["VernierTune"], swiftSettings: strict),
        .target(
            name: "VernierTuneSQLite", dependencies: ["VernierTune", "VernierTuneSQL", "CSQLite"],
            swiftSettings: strict),
        .target(
            name: "VernierTunePostgres", dependencies: ["VernierTune", "VernierTuneSQL", "CPostgreSQL"],
            swiftSettings: strict),

        // Plot data and renderers (Markdown, CSV, JSON, standalone HTML with inline SVG) and the study plots: no
        // tensors, no BLAS, so the dashboard links neither.
        .target(name: "VernierReports", dependencies: ["VernierTune"], swiftSettings: strict),
        // Training plots and reports (loss curves, decision regions, confusion matrices, run comparisons).
        .target(
            name: "VernierTrainingReports", dependencies: ["VernierReports", "VernierTraining"],
            swiftSettings: strict),
        // The live web dashboard (Hummingbird stays in this target and the CLI only).
        .target(
            name: "VernierDashboard",
            dependencies: ["VernierReports", "VernierTune", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: strict),

        // Built-in experiments, study files, the optimization lab, and the CLI.
        .target(
            name: "VernierExperiments",
            dependencies: [
                "VernierTraining", "VernierTune", "VernierLimits", "CVernierProcess",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict),
        .target(
            name: "VernierLab",
            dependencies: [
                "VernierExperiments", "VernierTraining", "VernierNumerics", "VernierReports", "VernierTrainingReports",
            ],
            swiftSettings: strict),
        .target(
            name: "VernierTestSupport",
            dependencies: ["VernierTensor", "VernierTune", "CVernierKernels"],
            swiftSettings: strict),
        .executableTarget(
            name: "vernier",
            dependencies: [
                "VernierExperiments", "VernierTuneSQLite", "VernierTunePostgres", "VernierReports", "VernierDashboard",
                "VernierTrainingReports", "CAllocationCounter", "CVernierProcess", "VernierCUDA", "VernierNumerics",
                "VernierLab",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict,
            // Start-up cost of every `vernier` process (`vernier ask` / `tell` run one per call): the Swift runtime
            // and Foundation linked in, so no symbols are bound against a dozen Swift libraries at each start. The
            // modules are compiled against the shared Foundation, so its static dependencies are named here.
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-static-stdlib", "-l_FoundationCollections", "-lCoreFoundation", "-l_FoundationICU",
                        "-l_FoundationCShims", "-lswiftSynchronization",
                    ], .when(platforms: [.linux]))
            ]),

        // Tests mirror Sources.
        .testTarget(name: "VernierRandomTests", dependencies: ["VernierRandom"], swiftSettings: strict),
        .testTarget(
            name: "VernierTensorTests", dependencies: ["VernierTensor", "VernierTestSupport", "CVernierKernels"],
            resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "VernierNumericsTests", dependencies: ["VernierNumerics"], swiftSettings: strict),
        .testTarget(
            name: "VernierNNTests", dependencies: ["VernierNN", "VernierTestSupport"],
            resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(
            name: "VernierOptimizersTests",
            dependencies: ["VernierOptimizers", "VernierNN", "CVernierKernels", "VernierTestSupport"],
            resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "VernierDataTests", dependencies: ["VernierData"], swiftSettings: strict),
        .testTarget(
            name: "VernierTrainingTests", dependencies: ["VernierTraining", "CAllocationCounter"], swiftSettings: strict
        ),
        .testTarget(
            name: "VernierTuneTests", dependencies: ["VernierTune", "VernierNumerics", "VernierTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "VernierTuneSQLiteTests", dependencies: ["VernierTuneSQLite", "VernierTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "VernierTunePostgresTests", dependencies: ["VernierTunePostgres", "VernierTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "VernierReportsTests", dependencies: ["VernierReports", "VernierTrainingReports"],
            swiftSettings: strict),
        .testTarget(
            name: "VernierDashboardTests", dependencies: ["VernierDashboard", "VernierTestSupport"],
            swiftSettings: strict),
        .testTarget(name: "VernierExperimentsTests", dependencies: ["VernierExperiments"], swiftSettings: strict),
        .testTarget(name: "VernierLabTests", dependencies: ["VernierLab"], swiftSettings: strict),
        .testTarget(name: "vernierTests", dependencies: [], swiftSettings: strict),
        .testTarget(
            name: "VernierCUDATests",
            dependencies: ["VernierCUDA", "VernierNN", "VernierData", "VernierOptimizers", "VernierTraining"],
            swiftSettings: strict),
    ]
)
