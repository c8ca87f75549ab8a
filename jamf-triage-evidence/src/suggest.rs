//! "Did you mean ...": the closest known word to a misspelt one.

/// The candidate closest to `word` by Jaro-Winkler similarity, if any is close enough (0.8) to be
/// a plausible misspelling.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(word, candidate), candidate))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_near_misses_only() {
        let words = ["older_than", "newer_than", "equals"];
        assert_eq!(super::closest("olderthan", words), Some("older_than"));
        assert_eq!(super::closest("zzz", words), None);
    }
}
