import Foundation

/// One malformed or extreme input, fed to the built `vernier` binary: files to write in a fresh folder, the
/// arguments, and what the error must say (the file, line or field, and what is wrong).
struct BadInput: Sendable, CustomStringConvertible {
    /// A short label (shown by the test runner).
    var name: String
    /// Files to create, relative to the folder; names ending in `.gz` are gzip-compressed first.
    var files: [String: [UInt8]] = [:]
    /// The command line after `vernier`.
    var arguments: [String]
    /// Every one of these must appear in the output.
    var expected: [String]

    var description: String { name }
}

/// The bad-input corpus of issue 19: CSV, IDX, gzip, YAML study files, storage URLs and option values.
enum BadInputCorpus {
    static func text(_ string: String) -> [UInt8] { Array(string.utf8) }

    static func idx(type: UInt8 = 0x08, _ dimensions: [UInt32], data: [UInt8]) -> [UInt8] {
        [0, 0, type, UInt8(dimensions.count)]
            + dimensions.flatMap { dimension in [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: dimension >> $0) } }
            + data
    }

    /// A tiny, valid MNIST folder (`mnist/`) with `replacing` swapped in.
    static func mnist(_ replacing: [String: [UInt8]]) -> [String: [UInt8]] {
        let images = idx([4, 2, 2], data: [UInt8](repeating: 9, count: 16))
        let labels = idx([4], data: [0, 1, 2, 3])
        var files = [
            "mnist/train-images-idx3-ubyte": images, "mnist/t10k-images-idx3-ubyte": images,
            "mnist/train-labels-idx1-ubyte": labels, "mnist/t10k-labels-idx1-ubyte": labels,
        ]
        for (name, bytes) in replacing {
            files.removeValue(forKey: "mnist/" + name.replacingOccurrences(of: ".gz", with: ""))
            files["mnist/" + name] = bytes
        }
        return files
    }

    static func csv(_ name: String, _ content: [UInt8], label: String = "y", expected: [String]) -> BadInput {
        BadInput(
            name: "csv: " + name, files: ["bad.csv": content],
            arguments: ["train", "csv", "--file", "bad.csv", "--label", label, "--set", "epochs=1", "--quiet"],
            expected: ["bad.csv"] + expected)
    }

    static func idxCase(_ name: String, _ replacing: [String: [UInt8]], expected: [String]) -> BadInput {
        BadInput(
            name: "idx: " + name, files: mnist(replacing),
            arguments: ["train", "fashion-mnist", "--data", "mnist", "--set", "epochs=1", "--quiet"],
            expected: expected)
    }

    static func yaml(
        _ name: String, _ parameters: String, sampler: String = "random", expected: [String]
    )
        -> BadInput
    {
        let file = "study: bad\nobjective: sphere\nsampler: \(sampler)\ntrials: 3\nparameters:\n\(parameters)\n"
        return BadInput(
            name: "yaml: " + name, files: ["bad.yaml": text(file)],
            arguments: ["tune", "bad.yaml", "--storage", "memory:", "--quiet", "--report", "none"],
            expected: expected)
    }

    static func storage(
        _ name: String, _ url: String, files: [String: [UInt8]] = [:], expected: [String]
    )
        -> BadInput
    {
        BadInput(
            name: "storage: " + name, files: files, arguments: ["studies", "list", "--storage", url],
            expected: expected)
    }

    static let cases: [BadInput] = [
        csv("unterminated quote", text("a,y\n1,\"0\n"), expected: [":2:", "unterminated quoted field"]),
        csv("short row", text("a,y\n1,0\n2\n"), expected: [":3:", "expected 2 fields"]),
        csv("not a number", text("a,y\n1,0\nx,1\n"), expected: [":3:", "column 'a'", "not a finite number"]),
        csv("infinite cell", text("a,y\n1e999,0\n"), expected: [":2:", "column 'a'"]),
        csv("empty file", [], expected: [":1:", "empty"]),
        csv("no such label column", text("a,y\n1,0\n"), label: "z", expected: ["column 'z'", "columns are: a, y"]),
        csv("invalid UTF-8", [0x61, 0x2C, 0x79, 0x0A, 0xFF, 0xFE, 0x2C, 0x30, 0x0A], expected: ["cannot read"]),
        csv(
            "a line longer than the limit", text("a,y\n" + String(repeating: "1", count: (1 << 20) + 1) + ",0\n"),
            expected: [":2:", "longer than 1048576 characters"]),
        idxCase(
            "rank-4 header of 0xFFFFFFFF",
            ["train-images-idx3-ubyte": idx([UInt32](repeating: .max, count: 4), data: [])],
            expected: ["train-images-idx3-ubyte", "announces more than"]),
        idxCase(
            "rank-255 header", ["train-images-idx3-ubyte": idx([UInt32](repeating: .max, count: 255), data: [])],
            expected: ["train-images-idx3-ubyte", "announces more than"]),
        idxCase(
            "float64 2^31-1 x 2^16 x 2^16",
            ["t10k-images-idx3-ubyte": idx(type: 0x0E, [0x7FFF_FFFF, 1 << 16, 1 << 16], data: [])],
            expected: ["t10k-images-idx3-ubyte", "announces more than"]),
        idxCase(
            "label 200", ["train-labels-idx1-ubyte": idx([4], data: [0, 200, 1, 2])],
            expected: ["train-labels-idx1-ubyte: label 1 is 200"]),
        idxCase(
            "bad magic", ["t10k-labels-idx1-ubyte": [0x12, 0x34, 0x08, 0x01, 0, 0, 0, 1, 5]],
            expected: ["t10k-labels-idx1-ubyte", "bad magic number"]),
        idxCase(
            "truncated data", ["train-images-idx3-ubyte": idx([4, 2, 2], data: [1, 2, 3])],
            expected: ["train-images-idx3-ubyte", "truncated"]),
        idxCase(
            "gzip inflating past its header",
            ["train-labels-idx1-ubyte.gz": idx([4], data: [UInt8](repeating: 1, count: 4 << 20))],
            expected: ["train-labels-idx1-ubyte.gz", "bytes after the 4 data bytes"]),
        idxCase(
            "corrupt gzip", ["train-labels-idx1-ubyte.gz.raw": [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF]],
            expected: ["train-labels-idx1-ubyte"]),
        yaml(
            "int from Int64.min to Int64.max", "  n: {type: int, low: -9223372036854775808, high: 9223372036854775807}",
            expected: ["bad.yaml", "'n'"]),
        yaml("low above high", "  x0: {type: float, low: 5, high: 1}", expected: ["bad.yaml", "x0"]),
        yaml("unknown type", "  x0: {type: complex, low: 0, high: 1}", expected: ["bad.yaml", "x0"]),
        BadInput(
            name: "yaml: not YAML", files: ["bad.yaml": text("study: [unclosed\n  - x: {\n")],
            arguments: ["tune", "bad.yaml", "--storage", "memory:"], expected: ["bad.yaml", "invalid YAML"]),
        BadInput(
            name: "yaml: aliases expanding to a million nodes",
            files: [
                "bad.yaml": text(
                    "study: bad\nobjective: sphere\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
                        + "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                        + "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                        + "f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n")
            ],
            arguments: ["tune", "bad.yaml", "--storage", "memory:"], expected: ["bad.yaml", "more than 100000 nodes"]),
        storage("empty sqlite path", "sqlite:", expected: ["invalid storage URL 'sqlite:'"]),
        storage("unknown scheme", "mysql://db/x", expected: ["mysql://db/x"]),
        storage("missing file", "sqlite:typo.db", expected: ["no database at 'typo.db'"]),
        storage(
            "not a database", "sqlite:notes.db", files: ["notes.db": [UInt8](repeating: 0x41, count: 4096)],
            expected: ["'notes.db' is damaged or is not a Vernier database", "restore it from a backup"]),
        storage(
            "a folder", "sqlite:folder", files: ["folder/keep": []], expected: ["'folder' is a folder"]),
        BadInput(
            name: "storage: missing parents",
            arguments: ["tune", "sphere", "--storage", "sqlite:nonexistent-dir/x/y.db"],
            expected: ["nonexistent-dir/x/y.db", "does not exist"]),
        BadInput(
            name: "cli: --trials -1", arguments: ["tune", "sphere", "--storage", "memory:", "--trials", "-1"],
            expected: ["--trials must be at least 1, got -1"]),
        BadInput(
            name: "cli: --timeout=-5", arguments: ["tune", "sphere", "--storage", "memory:", "--timeout=-5"],
            expected: ["--timeout must be a positive number of seconds, got -5"]),
        BadInput(
            name: "cli: --seed -1", arguments: ["tune", "sphere", "--storage", "memory:", "--seed", "-1"],
            expected: ["'-1' is invalid for '--seed"]),
        BadInput(
            name: "cli: --repeats -1", arguments: ["tune", "sphere", "--storage", "memory:", "--repeats", "-1"],
            expected: ["--repeats must be at least 1"]),
        BadInput(
            name: "cli: --workers -2", arguments: ["tune", "sphere", "--storage", "memory:", "--workers", "-2"],
            expected: ["--workers must be at least 1"]),
        BadInput(
            name: "cli: tell on a missing database",
            arguments: ["tell", "--study", "s", "--storage", "sqlite:typo.db", "--trial", "0", "--value", "-3.2"],
            expected: ["no database at 'typo.db'"]),
        BadInput(name: "cli: trian", arguments: ["trian", "spirals"], expected: ["'trian'", "did you mean 'train'?"]),
        BadInput(
            name: "cli: ask with an Int64 bound",
            arguments: ["ask", "--study", "s", "--storage", "memory:", "--param", "n=int:-5:9223372036854775807"],
            expected: ["parameter 'n'", "9223372036854775807"]),
        BadInput(
            name: "cli: ask low above high",
            arguments: ["ask", "--study", "s", "--storage", "memory:", "--param", "lr=float:1:0"],
            expected: ["parameter 'lr'", "greater than"]),
        BadInput(
            name: "cli: --set lr=abc", arguments: ["train", "spirals", "--set", "lr=abc"], expected: ["lr", "abc"]),
        BadInput(name: "cli: --port 70000", arguments: ["dashboard", "--port", "70000"], expected: ["--port"]),
        BadInput(
            name: "cli: --out is a file", files: ["taken": text("x")],
            arguments: ["train", "spirals", "--out", "taken"], expected: ["--out taken: a file of that name exists"]),
    ]
}
