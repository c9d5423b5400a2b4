import ArgumentParser
import CVernierProcess
import Foundation

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

            Shell completion: vernier --generate-completion-script bash (or zsh, fish).
            """,
        version: VernierVersion.string,
        subcommands: registeredSubcommands)

    /// Makes standard output line-buffered (progress reaches a log or a pipe as it is printed), refuses a
    /// mistyped subcommand by name, with the closest one (ArgumentParser alone reports "unexpected arguments"),
    /// then runs as usual.
    static func main() {
        vernier_line_buffer_standard_output()
        if let message = UnknownSubcommand.message(for: Array(CommandLine.arguments.dropFirst()), root: Vernier.self) {
            FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
            Foundation.exit(64)
        }
        Self.main(nil)
    }
}

/// The version printed by `vernier --version`.
enum VernierVersion {
    static let string = "0.1.0"
}
