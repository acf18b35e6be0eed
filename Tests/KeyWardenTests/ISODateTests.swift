import Foundation
import Testing

@testable import KeyWarden

@Suite struct ISODateTests {
    @Test(arguments: [0, 951_782_400, 1_700_000_000, 4_107_542_400, -86_400, 1_709_251_199])
    func agreesWithFoundation(seconds: Int64) {
        for offset in [0, 60, -300, 330, 840] {
            let formatter = ISO8601DateFormatter()
            formatter.timeZone = TimeZone(secondsFromGMT: offset * 60)!
            formatter.formatOptions = [.withInternetDateTime]
            let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect(ISODate.format(seconds: seconds, offsetMinutes: offset) == expected)
        }
    }

    @Test(arguments: ["1970-01-01", "2000-02-29", "2024-12-31", "1969-07-20", "2100-03-01"])
    func dayDatesAgreeWithFoundationBothWays(text: String) throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "yyyy-MM-dd"
        let parsed = try #require(DayDate.parse(text))
        #expect(parsed == formatter.date(from: text))
        #expect(DayDate.format(parsed) == text)
    }

    @Test(arguments: ["2023-02-29", "2100-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-1-01", "20x4-01-01", ""])
    func dayDatesThatAreNotDaysAreRefused(text: String) {
        #expect(DayDate.parse(text) == nil)
    }
}
