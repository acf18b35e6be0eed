import Foundation

/// Finds secrets hidden in base64 (a Kubernetes Secret's `data:` values, a base64 config blob).
///
/// A keyword encoded in base64 takes one of three shapes, depending on where it falls in the 3-byte
/// groups; the characters that depend only on the keyword itself are a fixed string per shape. Those
/// strings are matched as markers by the same Vectorscan pass as the rules, so buffers without any
/// encoded keyword cost nothing extra. Around each marker the base64 run is decoded and scanned again.
enum EncodedSignatures {
    /// The alignment-independent base64 fragments of each keyword of at least 3 bytes, in a stable
    /// order (the first keyword's first), each once: they are part of the compiled database's identity.
    static func markers(forKeywords keywords: [String]) -> [[UInt8]] {
        var seen: Set<[UInt8]> = []
        var markers: [[UInt8]] = []
        var keywordsSeen: Set<String> = []
        for keyword in keywords where keyword.utf8.count >= 3 && keywordsSeen.insert(keyword).inserted {
            var variants = [keyword]
            for variant in [keyword.lowercased(), keyword.uppercased()] where !variants.contains(variant) {
                variants.append(variant)
            }
            for variant in variants {
                for fragment in fragments(of: Array(variant.utf8)) where fragment.count >= 4 && seen.insert(fragment).inserted {
                    markers.append(fragment)
                }
            }
        }
        return markers
    }

    /// For each of the three alignments (0, 1 or 2 bytes before `bytes` in its 3-byte group), the
    /// base64 characters fully determined by `bytes`.
    static func fragments(of bytes: [UInt8]) -> [[UInt8]] {
        (0..<3).map { padding in
            let firstBit = padding * 8
            let endBit = firstBit + bytes.count * 8
            var fragment: [UInt8] = []
            fragment.reserveCapacity(bytes.count * 4 / 3)
            // The first 6-bit group that starts at or after the first bit of `bytes`.
            var bit = (firstBit + 5) / 6 * 6
            while bit + 6 <= endBit {
                var value = 0
                for position in bit..<(bit + 6) {
                    let byte = bytes[position / 8 - padding]
                    value = value << 1 | Int(byte >> (7 - UInt8(position % 8)) & 1)
                }
                fragment.append(standardAlphabet[value])
                bit += 6
            }
            return fragment
        }
    }

    /// Standard base64's 64 characters, in value order.
    private static let standardAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func isBase64(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
            || byte == 0x2B || byte == 0x2F || byte == 0x2D || byte == 0x5F
    }

    /// How far from an encoded keyword its secret is looked for, each way. Base64 runs can be huge (a
    /// minified bundle, a 50 MB line); decoding a whole run for every keyword found in it made such
    /// files take minutes.
    static let reach = 16 << 10

    /// The base64 run around `offset`: the stretch of base64 characters containing it, at most
    /// `reach` bytes either side.
    static func run(around offset: Int, in buffer: UnsafeRawBufferPointer) -> Range<Int> {
        let center = min(offset, buffer.count)
        var lower = center
        while lower > 0 && center - lower < reach && isBase64(buffer[lower - 1]) { lower -= 1 }
        var upper = center
        while upper < buffer.count && upper - center < reach && isBase64(buffer[upper]) { upper += 1 }
        return lower..<upper
    }

    /// Decodes a run of standard or URL-safe base64 (padding optional); nil when it does not decode.
    static func decode(_ run: UnsafeRawBufferPointer) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(run.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in run {
            let value = decodingTable[Int(byte)]
            guard value != 0xFF else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return output
    }

    /// Each byte's 6-bit value in standard and URL-safe base64; 0xFF for any other byte.
    static let decodingTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = UInt8(value)
        }
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()
}
