#if FUZZING
import CFuzzing
import Foundation

/// Under libFuzzer (`make fuzz`): hands the selected target to libFuzzer's driver, which takes the
/// usual libFuzzer arguments (`-runs=N`, `-max_total_time=S`, corpus directories). SwiftPM gives
/// every executable its own `main`, so this one starts the driver itself.
@main
struct FuzzEntryPoint {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
    }
}

/// One input, as libFuzzer calls it.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selectedTarget.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

private let selectedTarget = FuzzTarget.selected
#endif
