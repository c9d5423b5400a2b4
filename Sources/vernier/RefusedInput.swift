import ArgumentParser
import Foundation

/// A command's refusal of its input after the arguments were parsed (a study file's line, a `--set` value, a
/// stored recipe that differs, an unknown study): the message stands alone on standard error as `Error: …`,
/// without the usage text that ArgumentParser prints after a ``ValidationError``, and the exit status stays the
/// validation failure's (64). ``Vernier/main()`` runs every subcommand's `run()` through it, so a subcommand
/// throws ``ValidationError`` and needs nothing else.
enum RefusedInput {
    /// Runs `body`; a ``ValidationError`` it throws is printed alone and becomes
    /// `ExitCode.validationFailure`.
    ///
    /// ```swift
    /// try RefusedInput.standingAlone { try command.run() }
    /// ```
    static func standingAlone<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ValidationError {
            FileHandle.standardError.write(Data("Error: \(error.message)\n".utf8))
            throw ExitCode.validationFailure
        }
    }
}
