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
    /// then parses and runs the subcommand.
    ///
    /// The one rule for errors: what parsing refuses (an unknown option, a missing argument, a `validate()`
    /// check of the options) prints with the usage line; a ``ValidationError`` that a subcommand's `run()` throws
    /// (a value it refused: a study file's line, an unknown study, a `--set` value) prints alone
    /// (``RefusedInput``). Both exit with status 64.
    static func main() {
        vernier_line_buffer_standard_output()
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let message = UnknownSubcommand.message(for: arguments, root: Vernier.self) {
            FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
            Foundation.exit(64)
        }
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            exit(withError: error)
        }
        do {
            try RefusedInput.standingAlone { try command.run() }
        } catch {
            exit(withError: error)
        }
    }
}

/// The version printed by `vernier --version`.
enum VernierVersion {
    static let string = "0.1.0"
}
