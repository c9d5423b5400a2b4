import Foundation

/// UTC ISO-8601 text with microseconds, `2026-12-06T05:12:34.123456Z`: how snapshots write dates (Python's
/// `datetime.fromisoformat` and pandas read it; storages keep no finer time).
///
/// ```swift
/// let text = ISO8601Timestamp.string(from: Date())      // "2026-12-06T05:12:34.123456Z"
/// let date = ISO8601Timestamp.date(from: text)
/// ```
public enum ISO8601Timestamp {
    /// The date rounded to the microsecond.
    public static func string(from date: Date) -> String {
        let microseconds = (date.timeIntervalSince1970 * 1e6).rounded()
        let seconds = (microseconds / 1e6).rounded(.down)
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec),
            Int(microseconds - seconds * 1e6))
    }

    /// Reads `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; `nil` for anything else.
    public static func date(from text: String) -> Date? {
        let characters = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= characters.count else { return nil }
            var value = 0
            for index in range {
                guard (48...57).contains(characters[index]) else { return nil }
                value = value * 10 + Int(characters[index] - 48)
            }
            return value
        }
        guard characters.count >= 20, characters[4] == 45, characters[7] == 45, characters[10] == 84,
            characters[13] == 58, characters[16] == 58,
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var index = 19
        var fraction = 0.0
        if characters[index] == 46 {
            var scale = 0.1
            index += 1
            let start = index
            while index < characters.count, (48...57).contains(characters[index]) {
                fraction += Double(characters[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        var offset = 0
        if index < characters.count, characters[index] == 90 {
            index += 1
        } else if index + 6 == characters.count, characters[index] == 43 || characters[index] == 45,
            characters[index + 3] == 58, let hours = number(index + 1..<index + 3),
            let minutes = number(index + 4..<index + 6)
        {
            offset = (hours * 3600 + minutes * 60) * (characters[index] == 45 ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == characters.count else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = Double(timegm(&parts)) - Double(offset)
        return Date(timeIntervalSince1970: ((seconds + fraction) * 1e6).rounded() / 1e6)
    }
}
