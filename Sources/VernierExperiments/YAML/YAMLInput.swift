import Foundation
import VernierLimits
import Yams

/// The checks every YAML input (study files, `vernier train --config`) passes before Vernier walks it: the file's
/// size, and how many nodes it holds once its aliases are expanded — a few lines of anchors and aliases can name
/// billions of nodes, which Yams shares in memory but any walk over the document would visit one by one.
enum YAMLInput {
    /// The UTF-8 text of the file at `path`, refused before reading when it is larger than
    /// ``InputLimits/maximumYAMLBytes``.
    static func text(ofFile path: String) throws(YAMLInputError) -> String {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        if let size, size > InputLimits.maximumYAMLBytes {
            throw YAMLInputError(
                line: nil,
                message: "the file holds \(size) bytes; YAML inputs are limited to \(InputLimits.maximumYAMLBytes)")
        }
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw YAMLInputError(line: nil, message: "cannot read the file: \((error as NSError).localizedDescription)")
        }
    }

    /// The root node of `text`, after checking that it holds at most ``InputLimits/maximumYAMLNodes`` nodes with
    /// its aliases expanded (counting stops at the limit, so the check itself is bounded); `nil` for an empty
    /// document.
    static func compose(_ text: String) throws -> Node? {
        guard let root = try Yams.compose(yaml: text) else { return nil }
        var budget = InputLimits.maximumYAMLNodes
        guard spend(&budget, on: root) else {
            throw YAMLInputError(
                line: nil,
                message: "the document expands to more than \(InputLimits.maximumYAMLNodes) nodes (through "
                    + "anchors and aliases); write the values out or use fewer aliases")
        }
        return root
    }

    /// Subtracts the nodes of `node` from `budget`; `false` as soon as it runs out.
    private static func spend(_ budget: inout Int, on node: Node) -> Bool {
        budget -= 1
        guard budget >= 0 else { return false }
        switch node {
        case .scalar, .alias: return true
        case .sequence(let sequence): return sequence.allSatisfy { spend(&budget, on: $0) }
        case .mapping(let mapping):
            return mapping.allSatisfy { spend(&budget, on: $0.key) && spend(&budget, on: $0.value) }
        }
    }
}

/// A YAML input over one of ``InputLimits``' bounds, or unreadable; the caller names the file.
struct YAMLInputError: Error, Equatable {
    /// The line the problem is on, where one line is to blame.
    var line: Int?
    var message: String
}
