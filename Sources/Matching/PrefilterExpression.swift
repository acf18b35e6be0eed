/// Rewrites a PCRE2 expression into the approximation Vectorscan compiles for the prefilter pass.
///
/// Vectorscan's compile time grows steeply with large bounded repeats (`[\s\S]{0,1000}`,
/// `{64,8192}`): one such rule took 20 s to compile. A repeat whose upper bound exceeds
/// `repeatLimit` becomes unbounded (`{m,}`), which matches a superset and compiles in milliseconds;
/// the confirmation pass still applies the exact expression within the rule's `maxLength` window.
enum PrefilterExpression {
    static let repeatLimit = 100

    static func relaxingLargeRepeats(_ expression: String, limit: Int = repeatLimit) -> String {
        let characters = Array(expression)
        var output = ""
        var index = 0
        var inClass = false
        while index < characters.count {
            let character = characters[index]
            if character == "\\" {
                output.append(character)
                if index + 1 < characters.count { output.append(characters[index + 1]) }
                index += 2
                continue
            }
            if inClass {
                if character == "]" { inClass = false }
                output.append(character)
                index += 1
                continue
            }
            if character == "[" {
                inClass = true
                output.append(character)
                index += 1
                // A `]` right after `[` or `[^` is a literal member, not the end of the class.
                if index < characters.count && characters[index] == "^" {
                    output.append("^")
                    index += 1
                }
                if index < characters.count && characters[index] == "]" {
                    output.append("]")
                    index += 1
                }
                continue
            }
            if character == "{", let (lower, upper, length) = boundedRepeat(characters, at: index), upper > limit {
                output += "{\(lower),}"
                index += length
                continue
            }
            output.append(character)
            index += 1
        }
        return output
    }

    /// Parses `{m,n}` at `start`: its bounds and its length in characters.
    private static func boundedRepeat(_ characters: [Character], at start: Int) -> (Int, Int, Int)? {
        var index = start + 1
        var lower = ""
        while index < characters.count, characters[index].isASCII, characters[index].isNumber {
            lower.append(characters[index])
            index += 1
        }
        guard !lower.isEmpty, index < characters.count, characters[index] == "," else { return nil }
        index += 1
        var upper = ""
        while index < characters.count, characters[index].isASCII, characters[index].isNumber {
            upper.append(characters[index])
            index += 1
        }
        guard !upper.isEmpty, index < characters.count, characters[index] == "}",
            let lowerBound = Int(lower), let upperBound = Int(upper)
        else { return nil }
        return (lowerBound, upperBound, index - start + 1)
    }
}
