import Foundation

/// Colours: the Okabe–Ito palette (distinguishable with the common colour-vision deficiencies) for series and
/// classes, a viridis-like ramp for sequential values and a blue–white–vermillion ramp for signed values.
///
/// ```swift
/// let blue = Palette.color(0)                  // "#0072B2"
/// let mid = Palette.sequential(0.5)            // a teal
/// ```
public enum Palette {
    /// Okabe–Ito, ordered for lines: blue, vermillion, bluish green, orange, sky blue, reddish purple, yellow, black.
    public static let okabeIto = [
        "#0072B2", "#D55E00", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#F0E442", "#000000",
    ]

    /// The `index`-th palette colour (wrapping around).
    ///
    /// ```swift
    /// Palette.color(9)   // "#D55E00"
    /// ```
    public static func color(_ index: Int) -> String {
        okabeIto[((index % okabeIto.count) + okabeIto.count) % okabeIto.count]
    }

    private static let sequentialStops: [(Double, Double, Double)] = [
        (68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37),
    ]

    /// A colour for `t` in 0…1 on the sequential ramp (clamped; NaN gives grey).
    ///
    /// ```swift
    /// Palette.sequential(0)   // "#440154"
    /// ```
    public static func sequential(_ t: Double) -> String {
        guard t.isFinite else { return "#999999" }
        let position = min(max(t, 0), 1) * Double(sequentialStops.count - 1)
        let index = min(Int(position), sequentialStops.count - 2)
        let fraction = position - Double(index)
        let (r0, g0, b0) = sequentialStops[index]
        let (r1, g1, b1) = sequentialStops[index + 1]
        return hex(r0 + (r1 - r0) * fraction, g0 + (g1 - g0) * fraction, b0 + (b1 - b0) * fraction)
    }

    /// A colour for `t` in −1…1 on the diverging ramp: blue, white at 0, vermillion.
    ///
    /// ```swift
    /// Palette.diverging(0)   // "#FFFFFF"
    /// ```
    public static func diverging(_ t: Double) -> String {
        guard t.isFinite else { return "#999999" }
        let t = min(max(t, -1), 1)
        let end: (Double, Double, Double) = t < 0 ? (0, 114, 178) : (213, 94, 0)
        let a = abs(t)
        return hex(255 + (end.0 - 255) * a, 255 + (end.1 - 255) * a, 255 + (end.2 - 255) * a)
    }

    static func hex(_ r: Double, _ g: Double, _ b: Double) -> String {
        func byte(_ v: Double) -> Int { Int(min(max(v.rounded(), 0), 255)) }
        return String(format: "#%02X%02X%02X", byte(r), byte(g), byte(b))
    }
}
