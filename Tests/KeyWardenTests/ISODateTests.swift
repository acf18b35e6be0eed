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
}
