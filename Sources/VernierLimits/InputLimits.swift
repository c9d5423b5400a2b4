/// The largest inputs Vernier accepts, stated once. Readers and validators refuse anything beyond these with a
/// typed error that names the file, line or parameter, before allocating for it: no input can make Vernier trap,
/// spin or allocate without bound.
///
/// ```swift
/// InputLimits.maximumGridPoints         // 1_000_000
/// InputLimits.maximumIntParameterMagnitude   // 2^53
/// ```
public enum InputLimits {
    /// The most points a grid search may enumerate (the product of every axis's value count). A larger grid is
    /// refused when the sampler is built, naming the parameter that crossed the limit.
    public static let maximumGridPoints = 1_000_000

    /// The largest magnitude of an integer parameter's bounds: 2^53, the largest range in which every integer is
    /// exactly representable as a `Double` (the internal representation of parameters), so `high - low` and the
    /// point count never overflow.
    public static let maximumIntParameterMagnitude = 1 << 53

    /// The most grid points a stepped float range may have (2^53); `(high - low) / step` beyond it is refused.
    public static let maximumFloatStepCount = Double(1 << 53)

    /// How many bytes an IDX file may hold beyond what its header announces: none. Reading (and inflating a gzip
    /// file) stops one byte past the header's data size, so a small file that inflates to gigabytes costs at most
    /// the size its header claims.
    public static let idxBytesBeyondHeader = 0

    /// The most data bytes an IDX header may announce (8 GiB); a larger header is refused before reading.
    public static let maximumIDXDataBytes = 8 << 30

    /// The largest YAML file (study file, `--config`), in bytes (4 MiB); a larger file is refused before reading.
    public static let maximumYAMLBytes = 4 << 20

    /// The most nodes a YAML document may hold with its aliases expanded (100,000): anchors and aliases let a few
    /// lines name billions of nodes ("billion laughs"); such a document is refused before it is walked.
    public static let maximumYAMLNodes = 100_000

    /// The longest CSV record, in characters (1 MiB); a longer line is refused naming its line number.
    public static let maximumCSVRecordCharacters = 1 << 20
}
