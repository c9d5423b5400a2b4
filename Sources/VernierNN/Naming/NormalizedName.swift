extension String {
    /// Lower-cased, with underscores and spaces turned into hyphens ("Leaky_ReLU" → "leaky-relu").
    var normalizedName: String {
        lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
    }
}
