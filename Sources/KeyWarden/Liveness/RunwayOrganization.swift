import Foundation

/// What `GET /v1/organization` answers: the organization's tier and credit balance. Only these two are
/// read; a body without either is not Runway's answer.
struct RunwayOrganization: Sendable, Equatable {
    var tier: String?
    var creditBalance: Double?

    init(tier: String?, creditBalance: Double?) {
        self.tier = tier
        self.creditBalance = creditBalance
    }

    init?(json body: [UInt8]) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else { return nil }
        creditBalance = (object["creditBalance"] as? NSNumber)?.doubleValue
        switch object["tier"] {
        case let name as String:
            tier = name
        case let details as [String: Any]:
            if let spend = (details["maxMonthlyCreditSpend"] as? NSNumber)?.doubleValue {
                tier = "max monthly credit spend \(LivenessResult.number(spend))"
            } else {
                tier = details["name"] as? String
            }
        default:
            tier = nil
        }
        if tier == nil && creditBalance == nil { return nil }
    }
}
