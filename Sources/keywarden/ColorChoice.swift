import ArgumentParser
import Foundation

/// `--color auto|always|never`.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    /// Whether to colour output written to `descriptor`: `auto` colours a terminal when NO_COLOR is unset.
    func usesColor(for descriptor: Int32) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto: return Terminal.isTerminal(descriptor) && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        }
    }
}

extension ReportFormatArgument: ExpressibleByArgument {}
