import Foundation

@testable import KeyWarden

/// The audit's JSON as it was written before its keys and findings were written straight from their
/// values: each one built as a `JSONValue` object and rendered. Kept only to check that the direct
/// writer writes the same document, byte for byte (`AuditJSONWriterTests`).
enum LegacyAuditJSON {
    static func render(_ report: AuditReport) -> String {
        let document: JSONValue = [
            "findings": .array(report.findings.map { .object(object(for: $0)) }),
            "keys": .array(report.keys.map { .object(object(for: $0)) }),
            "notes": JSONValue(report.notes.map(SecretScrubber.scrubbed)),
            "policy": ["maxKeyAgeDays": .integer(report.maxKeyAgeDays)],
            "problems": JSONReport.problems(report.problems),
            "repositories": JSONValue(report.repositories),
            "version": 1,
        ]
        return document.rendered()
    }

    static func object(for key: KeyAudit) -> [String: JSONValue] {
        var object: [String: JSONValue] = [
            "secretSha256": .string(key.secretSha256), "rule": .string(key.ruleID), "provider": .string(key.provider),
            "hint": .string(key.hint), "inventoryId": JSONValue(key.inventory?.id), "environments": JSONValue(key.environments),
            "owners": JSONValue(key.owners), "authors": JSONValue(key.authors), "repositories": JSONValue(key.repositories),
            "inWorktree": .bool(key.inWorktree), "exposure": .object(object(for: key.exposure)),
            "occurrences": .array(key.occurrences.map { .object(Self.object(for: $0)) }),
            "recommendations": .array(
                key.recommendations.map {
                    ["action": .string($0.action.rawValue), "reason": .string($0.reason), "steps": JSONValue($0.steps)]
                }),
            "note": JSONValue(key.note),
            "liveness": .string(key.liveness?.liveness.rawValue ?? Liveness.unchecked.rawValue),
            "verification": key.liveness.map(JSONReport.verification) ?? .null,
        ]
        object["firstSeen"] = key.firstSeen.map { first in
            [
                "commit": JSONValue(first.commit), "author": JSONValue(first.authorEmail), "date": JSONValue(first.date),
                "path": .string(first.path), "repository": .string(first.repository),
            ]
        } ?? .null
        if let entry = key.inventory {
            object["inventory"] = [
                "id": .string(entry.id), "name": .string(entry.name), "environment": .string(entry.environment),
                "owner": .string(entry.owner), "created": .string(entry.created), "status": .string(entry.status.rawValue),
                "statusChanged": .string(entry.statusChanged),
            ]
        }
        return object
    }

    /// A key's exposure: how far it got (`pushed`, `maybe-pushed`, `local-only`, `working-tree-only`),
    /// since when, and where it still is. Days are UTC; times are seconds since 1970.
    static func object(for exposure: KeyExposure) -> [String: JSONValue] {
        func day(_ time: Int64?) -> JSONValue { JSONValue(time.map { KeyExposure.day($0) }) }
        return [
            "reach": .string(exposure.reach.rawValue), "remotes": JSONValue(exposure.remotes),
            "pushedSince": day(exposure.pushedSince), "firstCommitted": day(exposure.firstCommitted),
            "localPlaces": JSONValue(exposure.localPlaces), "uncertainty": JSONValue(exposure.uncertainty),
            "inWorktree": .bool(exposure.inWorktree), "atHead": .bool(exposure.atHead),
            "lastCommit": JSONValue(exposure.lastCommit), "lastCommitted": day(exposure.lastTime),
            "removedFromHead": day(exposure.removedTime), "daysExposed": JSONValue(exposure.daysExposed),
            "summary": .string(exposure.summary),
        ]
    }

    /// One committed occurrence's exposure, as `audit --merge` reads it back.
    static func object(for exposure: OccurrenceExposure) -> [String: JSONValue] {
        [
            "remotes": JSONValue(exposure.remotes), "branches": JSONValue(exposure.branches), "tags": .bool(exposure.tags),
            "stash": .bool(exposure.stash), "headHistory": .bool(exposure.headHistory),
            "otherReferences": .bool(exposure.otherReferences), "unreachable": .bool(exposure.unreachable),
            "remotesUnknown": .bool(exposure.remotesUnknown), "atHead": .bool(exposure.atHead),
            "lastCommit": JSONValue(exposure.lastCommit), "lastTime": JSONValue(exposure.lastTime.map { Int($0) }),
            "removedBy": JSONValue(exposure.removedBy), "removedTime": JSONValue(exposure.removedTime.map { Int($0) }),
        ]
    }

    static func object(for occurrence: KeyOccurrence) -> [String: JSONValue] {
        [
            "exposure": occurrence.exposure.map { .object(object(for: $0)) } ?? .null,
            "repository": .string(occurrence.repository), "path": .string(occurrence.path), "line": .integer(occurrence.line),
            "source": .string(occurrence.source.rawValue), "commit": JSONValue(occurrence.commit),
            "author": JSONValue(occurrence.authorName), "email": JSONValue(occurrence.authorEmail),
            "date": JSONValue(occurrence.date), "time": JSONValue(occurrence.time.map { Int($0) }),
            "namespace": JSONValue(occurrence.namespace),
        ]
    }

    static func object(for finding: AuditFinding) -> [String: JSONValue] {
        var object = Self.object(for: finding.occurrence)
        object["rule"] = .string(finding.ruleID)
        object["provider"] = .string(finding.provider)
        object["description"] = .string(finding.description)
        object["secretSha256"] = .string(finding.secretSha256)
        object["redacted"] = .string(finding.redacted)
        object["fingerprint"] = .string(finding.fingerprint)
        return object
    }
}
