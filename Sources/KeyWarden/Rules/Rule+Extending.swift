extension Rule {
    /// This rule with `override`'s changes merged in, as gitleaks merges a configuration's rule into
    /// the extended rule of the same id: a description, entropy, secret group, regex or path it sets
    /// replaces this rule's; its tags, keywords and allowlists are added to this rule's; this rule's
    /// skipReport and required rules stay.
    func extended(by override: Rule) -> Rule {
        var merged = self
        if !override.description.isEmpty { merged.description = override.description }
        if let entropy = override.entropy { merged.entropy = entropy }
        if let group = override.secretGroup, group != 0 { merged.secretGroup = group }
        if !override.regex.isEmpty {
            merged.regex = override.regex
            merged.maxLength = override.maxLength
            // gitleaks keeps the extended rule's group unless it was unset (keywarden's 0).
            if override.secretGroup == nil && merged.secretGroup == 0 { merged.secretGroup = nil }
        }
        if let path = override.path { merged.path = path }
        if !override.provider.isEmpty { merged.provider = override.provider }
        merged.tags += override.tags
        merged.keywords += override.keywords
        merged.allowlists += override.allowlists
        // gitleaks keeps the extended rule's skipReport and required rules.
        merged.origin = override.origin
        return merged
    }
}
