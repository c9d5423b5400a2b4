import Foundation
import VernierTensor

/// A tensor as the PyTorch fixture script writes it.
struct FixtureTensor: Decodable {
    let shape: [Int]
    let data: [Float]

    var tensor: Tensor { Tensor(shape: shape, scalars: data) }
}

enum FixtureError: Error {
    case missing(String)
}

/// Decodes `Fixtures/<name>.json` from the test bundle.
func loadFixture<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
    guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
        throw FixtureError.missing(name)
    }
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}
