import Foundation
import KeyWarden
import TestSupport
import Testing

/// `keywarden audit --format html`, rendered by a real browser: headless Chromium reads the page the
/// binary wrote, and the tests read the DOM it built.
@Suite struct AuditHTMLTests {
    /// The browser must be there in CI (`make setup-test` installs it); elsewhere the suite says why it
    /// did not run.
    static let browserAvailable = HeadlessChromium.path != nil || ProcessInfo.processInfo.environment["CI"] != nil

    /// The number a summary box shows (`<div data-count="pushed"><dt>…</dt><dd>2</dd></div>`).
    static func count(_ name: String, in dom: String) -> Int? {
        guard let start = dom.range(of: "data-count=\"\(name)\"") else { return nil }
        let rest = dom[start.upperBound...]
        guard let open = rest.range(of: "<dd>"), let close = rest.range(of: "</dd>", range: open.upperBound..<rest.endIndex) else { return nil }
        return Int(rest[open.upperBound..<close.lowerBound])
    }

    @Test(.enabled(if: browserAvailable, "no chromium: make setup-test installs it"))
    func pageRendersCountsRedactedKeysAndHostilePathsAsText() throws {
        let fixture = try ExposureFixture()
        let hostile = TestKeys.runway()
        try fixture.repository.write("<script>alert(1)</script>/a.env", "RUNWAYML_API_SECRET=\(hostile)\n")
        let output = try TemporaryDirectory("html")
        let page = output.path + "/audit.html"
        let result = try KeyWardenBinary.run(["audit", "--format", "html", "-o", page], in: fixture.repository.path)
        #expect(result.status == 1, "\(result.standardError)")
        let html = try String(contentsOfFile: page, encoding: .utf8)

        // Self-contained: nothing to fetch, and a policy that forbids fetching anything.
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'"))
        for forbidden in ["<script", "<link", "<img", "<iframe", "src=", "@import", "url(", "http://", "https://"] {
            #expect(!html.contains(forbidden), "the page holds \(forbidden)")
        }
        let keys = [fixture.pushed, fixture.localBranch, fixture.stashed, fixture.shared, hostile]
        for key in keys {
            #expect(!html.contains(key), "a full key is in the page")
            #expect(!html.contains(String(key.dropFirst(4).prefix(24))), "most of a key is in the page")
        }

        let dom = try HeadlessChromium.dumpDOM(of: page)
        #expect(Self.count("keys", in: dom) == 5)
        #expect(Self.count("need-action", in: dom) == 5)
        #expect(Self.count("pushed", in: dom) == 2)
        #expect(Self.count("local-only", in: dom) == 2)
        #expect(Self.count("working-tree-only", in: dom) == 1)
        #expect(Self.count("shared", in: dom) == 1)
        for key in keys { #expect(dom.contains(Redaction.redact(key)), "\(Redaction.redact(key)) is not on the page") }
        // The path is text in the rendered page: no script element came of it.
        #expect(!dom.contains("<script"))
        #expect(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;/a.env"))
        // The shared key's row in the environments matrix is marked, with both environments ticked.
        let matrix = try #require(dom.range(of: "id=\"environments\"").map { String(dom[$0.upperBound...].prefix(2000)) })
        #expect(matrix.contains("<tr class=\"shared\"><th><a href=\"#key-"))
        #expect(matrix.contains(Redaction.redact(fixture.shared)))
        // Each key's timeline names its events.
        #expect(dom.contains("removed from HEAD's tree"))
        #expect(dom.contains("REMOVE BEFORE YOU PUSH"))
        // Steps are written once, under the first key that needs them; every key links to them.
        let keySections = try #require(dom.range(of: "id=\"keys\"").map { String(dom[$0.upperBound...]) })
        func occurrences(_ text: String) -> Int { keySections.components(separatedBy: text).count - 1 }
        let links = keySections.matches(of: /<a href="#(s[0-9]+)">([A-Z ]+)<\/a>/).map { (String($0.1), String($0.2)) }
        let anchors = keySections.matches(of: /<li id="(s[0-9]+)"/).map { String($0.1) }
        #expect(links.filter { $0.1 == "DISABLE NOW" }.count == 5, "\(keySections)")
        #expect(Set(anchors).count == anchors.count, "an anchor is written twice")
        #expect(Set(links.map(\.0)) == Set(anchors), "a link without its steps, or steps nobody links to")
        #expect(occurrences("class=\"steps\"") == anchors.count)
        #expect(anchors.count < links.count, "no steps were shared between keys")
        // A reason is left out only where the link's target gives the same one: the two local-only
        // keys say each where it is, though they share steps with the pushed key.
        #expect(occurrences("never left this machine (only branch wip") == 1, "\(keySections)")
        #expect(occurrences("never left this machine (only the stash") == 1, "\(keySections)")

        let image = output.path + "/audit.png"
        try HeadlessChromium.screenshot(of: page, to: image)
        let png = try Data(contentsOf: URL(fileURLWithPath: image))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(png.count > 20_000, "a blank screenshot is a few kilobytes")
        if let keep = ProcessInfo.processInfo.environment["KEYWARDEN_KEEP_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(atPath: image, toPath: keep)
        }
    }

    @Test(.enabled(if: browserAvailable, "no chromium: make setup-test installs it"))
    func mergedReportsOfTwoRepositoriesMakeOnePage() throws {
        let fixture = try ExposureFixture()
        let scratch = try TemporaryDirectory("merge")
        try ProcessRunner.run(ProcessRunner.which("git")!, ["clone", "-q", fixture.remote.path, scratch.path + "/service"])
        let first = scratch.path + "/one.json"
        let second = scratch.path + "/two.json"
        #expect(try KeyWardenBinary.run(["audit", "--format", "json", "-o", first], in: fixture.repository.path).status == 1)
        #expect(try KeyWardenBinary.run(["audit", "--format", "json", "-o", second], in: scratch.path + "/service").status == 1)
        let page = scratch.path + "/merged.html"
        let merged = try KeyWardenBinary.run(["audit", "--merge", first, second, "--format", "html", "-o", page])
        #expect(merged.status == 1, "\(merged.standardError)")
        let dom = try HeadlessChromium.dumpDOM(of: page)
        #expect(dom.contains("2 repositories"))
        #expect(Self.count("keys", in: dom) == 4)
        #expect(Self.count("pushed", in: dom) == 2)
        #expect(Self.count("local-only", in: dom) == 2)
        // The shared key is in both repositories, and both remotes are named.
        #expect(dom.contains("service: origin"))
    }

    /// Beyond its caps a table does not grow: the most-urgent table and each matrix list a bounded
    /// number of keys, and a matrix counts the rest per column. (Read from the file; no browser needed.)
    @Test func tablesStopAtTheirCapsAndCountTheRest() throws {
        let repository = try RepositoryBuilder()
        let keys = (0..<300).map { _ in TestKeys.runway() }
        try repository.write("keys.env", keys.enumerated().map { "RUNWAYML_API_SECRET_\($0.offset)=\($0.element)\n" }.joined())
        try repository.commit("many keys")
        let output = try TemporaryDirectory("html-many")
        let page = output.path + "/audit.html"
        let result = try KeyWardenBinary.run(["audit", "--format", "html", "-o", page], in: repository.path)
        #expect(result.status == 1, "\(result.standardError)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.components(separatedBy: "<article id=key-").count - 1 == 300)
        let urgent = try #require(html.range(of: "class=\"urgent\"").map { String(html[$0.upperBound...]) })
        let urgentTable = String(urgent[..<urgent.range(of: "</table>")!.lowerBound])
        #expect(urgentTable.components(separatedBy: "<tr><td>").count - 1 == 250)
        #expect(html.contains("… and 50 more keys, each in its section below."))
        let owners = try #require(html.range(of: "id=\"owners\"").map { String(html[$0.upperBound...]) })
        let ownersTable = String(owners[..<owners.range(of: "</table>")!.lowerBound])
        #expect(ownersTable.components(separatedBy: "<td class=\"on\">●</td>").count - 1 == 250)
        #expect(ownersTable.contains("<tr class=\"more\"><th>50 more keys (0 shared)</th><td>50</td></tr>"), "\(ownersTable.suffix(300))")
    }
}
