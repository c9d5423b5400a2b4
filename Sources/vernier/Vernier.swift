import ArgumentParser

/// The `vernier` command: train networks, tune hyperparameters, benchmark.
@main
struct Vernier: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vernier",
        abstract: "Train small and medium neural networks and tune their hyperparameters.",
        discussion: """
            Examples:
              vernier train spirals --set activation=tanh --set layers=2,32,32,1 --set loss=bce-logits \\
                  --set output=none --set optimizer=adam --set epochs=30
              vernier tune spirals --sampler sensitivity --repeats 3 --storage sqlite:runs/vernier.db
              vernier tune iris --sampler tpe --trials 30
              vernier studies list
              vernier bench training --json training.json
            """,
        version: VernierVersion.string,
        subcommands: registeredSubcommands)
}

/// The version printed by `vernier --version`.
enum VernierVersion {
    static let string = "0.1.0"
}
