// swift-tools-version: 6.0
// Vernier used as a Swift library: a custom model and a custom objective tuned by a study. CI builds it
// (`make examples`); in your own package, replace the path dependency with
// `.package(url: "https://github.com/<owner>/vernier", from: "0.1.0")`.
import PackageDescription

let package = Package(
    name: "VernierLibraryExample",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Vernier", path: "../..")],
    targets: [
        .executableTarget(
            name: "LibraryExample",
            dependencies: [
                .product(name: "VernierData", package: "Vernier"),
                .product(name: "VernierNN", package: "Vernier"),
                .product(name: "VernierOptimizers", package: "Vernier"),
                .product(name: "VernierRandom", package: "Vernier"),
                .product(name: "VernierTensor", package: "Vernier"),
                .product(name: "VernierTraining", package: "Vernier"),
                .product(name: "VernierTune", package: "Vernier"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)])
    ]
)
