import Foundation

/// ISO 8601 dates as reports print them.
enum ISODate {
    /// `2024-03-01T12:00:00+01:00` for a time and its UTC offset.
    static func format(seconds: Int64, offsetMinutes: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: offsetMinutes * 60) ?? TimeZone(secondsFromGMT: 0)!
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
