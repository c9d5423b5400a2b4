import ArgumentParser

/// The `vernier` command: train networks, tune hyperparameters, benchmark.
@main
struct Vernier: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vernier",
        abstract: "Train small and medium neural networks and tune their hyperparameters.",
        discussion: """
            Examples:
              vernier bench tensor --json tensor.json
            """,
        version: VernierVersion.string,
        subcommands: registeredSubcommands)
}

/// The version printed by `vernier --version`.
enum VernierVersion {
    static let string = "0.1.0"
}
