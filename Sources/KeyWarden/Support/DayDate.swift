import Foundation

/// Calendar days as `YYYY-MM-DD`, in UTC.
public enum DayDate {
    private static func formatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter
    }

    public static func parse(_ text: String) -> Date? {
        guard text.count == 10 else { return nil }
        return formatter().date(from: text)
    }

    public static func format(_ date: Date) -> String { formatter().string(from: date) }

    /// Today, `YYYY-MM-DD`.
    public static var today: String { format(Date()) }

    /// Whole days from `earlier` to `later`.
    public static func days(from earlier: Date, to later: Date) -> Int {
        Int((later.timeIntervalSince(earlier) / 86_400).rounded(.down))
    }
}
