/// The unquoted values of TOML 1.0 — integers, floats, dates and times — each judged as one token.
extension TOMLSyntaxCheck {
    /// `+12`, `1_000`, `0`, `0xdead_beef`, `0o755`, `0b1010`.
    static func isInteger(_ token: [UInt8]) -> Bool {
        if token.count > 2, token[0] == UInt8(ascii: "0") {
            let radix: Int? =
                switch token[1] {
                case UInt8(ascii: "x"): 16
                case UInt8(ascii: "o"): 8
                case UInt8(ascii: "b"): 2
                default: nil
                }
            if let radix { return isDigitRun(token[2...], radix: radix) }
        }
        return isDecimalInteger(withoutSign(token[...]))
    }

    /// `3.14`, `-0.01`, `5e+22`, `6.626e-34`, `1_000.5`, `inf`, `-nan`.
    static func isFloat(_ token: [UInt8]) -> Bool {
        let unsigned = withoutSign(token[...])
        if unsigned.elementsEqual("inf".utf8) || unsigned.elementsEqual("nan".utf8) { return true }
        guard let end = unsigned.firstIndex(where: { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }),
            isDecimalInteger(unsigned[..<end])
        else { return false }
        var rest = unsigned[end...]
        if rest.first == UInt8(ascii: ".") {
            let fractionEnd = rest.firstIndex(where: { $0 | 0x20 == UInt8(ascii: "e") }) ?? rest.endIndex
            guard isDigitRun(rest[(rest.startIndex + 1)..<fractionEnd], radix: 10) else { return false }
            rest = rest[fractionEnd...]
            if rest.isEmpty { return true }
        }
        return isDigitRun(withoutSign(rest.dropFirst()), radix: 10)
    }

    /// `1979-05-27`, `07:32:00.5`, `1979-05-27T07:32:00`, `1979-05-27 07:32:00Z`, `…-07:00`, with
    /// every field in range (February 29 only in leap years).
    static func isDateOrTime(_ token: [UInt8]) -> Bool {
        var index = 0
        func number(digits: Int) -> Int? {
            guard index + digits <= token.count else { return nil }
            var value = 0
            for byte in token[index..<(index + digits)] {
                guard isDigit(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += digits
            return value
        }
        func skip(_ byte: Character) -> Bool {
            guard index < token.count, token[index] == byte.asciiValue else { return false }
            index += 1
            return true
        }
        func time() -> Bool {
            guard let hour = number(digits: 2), hour < 24, skip(":"), let minute = number(digits: 2), minute < 60,
                skip(":"), let second = number(digits: 2), second <= 60
            else { return false }
            if skip(".") {
                let start = index
                while index < token.count, isDigit(token[index]) { index += 1 }
                return index > start
            }
            return true
        }
        guard token.count > 4, token[4] == UInt8(ascii: "-") else {
            return time() && index == token.count
        }
        guard let year = number(digits: 4), skip("-"), let month = number(digits: 2), (1...12).contains(month),
            skip("-"), let day = number(digits: 2), day >= 1, day <= daysIn(month: month, year: year)
        else { return false }
        if index == token.count { return true }
        guard skip("T") || skip("t") || skip(" "), time() else { return false }
        if index == token.count { return true }
        if skip("Z") || skip("z") { return index == token.count }
        guard skip("+") || skip("-"), let hours = number(digits: 2), hours < 24, skip(":"),
            let minutes = number(digits: 2), minutes < 60
        else { return false }
        return index == token.count
    }

    /// Exactly `YYYY-MM-DD`: a date that a space and a time may follow.
    static func isLocalDate(_ token: [UInt8]) -> Bool {
        token.count == 10 && token[4] == UInt8(ascii: "-") && isDateOrTime(token)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func withoutSign(_ token: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        token.first == UInt8(ascii: "+") || token.first == UInt8(ascii: "-") ? token.dropFirst() : token
    }

    /// Decimal digits without a leading zero (`0` alone excepted), `_` only between two digits.
    private static func isDecimalInteger(_ digits: ArraySlice<UInt8>) -> Bool {
        isDigitRun(digits, radix: 10) && (digits.count == 1 || digits.first != UInt8(ascii: "0"))
    }

    /// One or more digits of `radix`, with `_` only between two digits.
    private static func isDigitRun(_ digits: ArraySlice<UInt8>, radix: Int) -> Bool {
        guard !digits.isEmpty else { return false }
        var previousWasDigit = false
        for byte in digits {
            if byte == UInt8(ascii: "_") {
                guard previousWasDigit else { return false }
                previousWasDigit = false
                continue
            }
            guard let value = hexValue(byte), value < radix else { return false }
            previousWasDigit = true
        }
        return previousWasDigit
    }
}
