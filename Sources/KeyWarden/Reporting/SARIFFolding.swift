/// How a report was folded to fit GitHub code scanning's limits.
struct SARIFFolding {
    /// Places found (findings and inline-allowed ones), and distinct secrets among them.
    var places: Int
    var secrets: Int
    /// Secrets written as results.
    var keptSecrets: Int
    /// Places written as related locations of those results.
    var relatedLocations: Int
    var limits: CodeScanningLimits
    /// Places in no result at all (secrets left out, and related locations past 1,000 a result).
    var placesLeftOut: Int

    var sentence: String {
        var text = "\(places) places are more than GitHub code scanning takes in one run "
            + "(\(limits.results) results, \(limits.gzipBytes / 1_000_000) MB gzip-compressed): "
            + "one result per secret, the other places as related locations"
        if keptSecrets < secrets {
            text += "; only the \(keptSecrets) most severe of \(secrets) secrets are written, \(secrets - keptSecrets) left out"
        }
        if placesLeftOut > 0 { text += "; \(placesLeftOut) places are in no result: the JSON report (--format json) has every one" }
        return text
    }

    var json: JSONValue {
        [
            "layout": "one-result-per-secret", "places": .integer(places), "secrets": .integer(secrets),
            "secretsWritten": .integer(keptSecrets), "relatedLocations": .integer(relatedLocations),
            "placesLeftOut": .integer(placesLeftOut),
        ]
    }
}
