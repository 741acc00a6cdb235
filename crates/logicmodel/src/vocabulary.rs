//! The words of the format, below both [`crate::format`] and
//! [`crate::model`]: node kinds, outcome terms, columns (stages), column
//! heading keys, link confidence and type, KPI direction, language tags, and the
//! "did you mean" suggestions every reader and builder makes from them.
//!
//! Architecture invariant: imports nothing from the rest of the crate but
//! [`crate::diagnostic`]; the reader and the model both depend on it, never
//! the other way round.

use serde::Serialize;

macro_rules! named_enum {
    ($(#[$doc:meta])* $name:ident { $( $(#[$vdoc:meta])* $variant:ident = $text:literal ),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $( $(#[$vdoc])* $variant ),* }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            /// The names as written in files, in order.
            pub const NAMES: &'static [&'static str] = &[$($text),*];
            /// The name as written in files.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }
            /// Parses a name as written in files.
            pub fn from_name(name: &str) -> Option<$name> {
                match name { $($text => Some($name::$variant),)* _ => None }
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named_enum!(
    /// The column a box belongs to, in chain order.
    NodeKind {
        /// A problem statement or hypothesis the programme rests on (課題認識・仮説).
        Assumption = "assumption",
        /// Who or what the programme works with or through (だれに・どこに).
        Input = "input",
        /// What the programme does (どう働きかける).
        Activity = "activity",
        /// The direct product of an activity (まずどうなって).
        Output = "output",
        /// A change that follows (何が変わる).
        Outcome = "outcome",
        /// The state the programme ultimately aims for (ありたい姿).
        Impact = "impact",
    }
);

named_enum!(
    /// How soon an outcome is expected.
    Term {
        /// Short term (初期).
        Short = "short",
        /// Medium term.
        Medium = "medium",
        /// Long term (長期).
        Long = "long",
    }
);

named_enum!(
    /// How sure the planners are that a link holds.
    Confidence {
        /// A hypothesis.
        Low = "low",
        /// Supported by some evidence.
        Medium = "medium",
        /// Well established.
        High = "high",
    }
);

named_enum!(
    /// What a link declares itself to be, when it is not a plain step forward
    /// along the chain (`"type"` on a detailed link). Such a link is exempt from
    /// the direction and cycle checks and from reachability, and is drawn as a
    /// back edge.
    LinkType {
        /// A later box strengthens an earlier one (an outcome feeds back into
        /// an activity): a loop the theory of change means.
        Feedback = "feedback",
        /// One box of a column before another of the same column (a sequence
        /// of activities).
        Sequence = "sequence",
    }
);

named_enum!(
    /// How the diagram orders the boxes of each column and section
    /// (`"layout": {"order": ...}`).
    BoxOrder {
        /// Reorder the boxes for fewer crossings (the default).
        Crossings = "crossings",
        /// Keep the order of the file (a model transcribed from a table).
        Source = "source",
    }
);

named_enum!(
    /// Whether higher or lower KPI values are better.
    Direction {
        /// Higher is better (the default).
        Increase = "increase",
        /// Lower is better.
        Decrease = "decrease",
    }
);

named_enum!(
    /// A key of the file's `columns` object: a column, or `outcome` for
    /// every outcome term without a heading of its own.
    ColumnKey {
        /// The assumption column.
        Assumption = "assumption",
        /// The input column.
        Input = "input",
        /// The activity column.
        Activity = "activity",
        /// The output column.
        Output = "output",
        /// Every outcome column without its own heading.
        Outcome = "outcome",
        /// The short-term outcome column.
        OutcomeShort = "outcome_short",
        /// The medium-term outcome column.
        OutcomeMedium = "outcome_medium",
        /// The long-term outcome column.
        OutcomeLong = "outcome_long",
        /// The impact column.
        Impact = "impact",
    }
);

impl ColumnKey {
    /// The key of one column (never [`ColumnKey::Outcome`], which names several).
    pub fn of(stage: Stage) -> ColumnKey {
        match stage {
            Stage::Assumption => ColumnKey::Assumption,
            Stage::Input => ColumnKey::Input,
            Stage::Activity => ColumnKey::Activity,
            Stage::Output => ColumnKey::Output,
            Stage::Outcome(Term::Short) => ColumnKey::OutcomeShort,
            Stage::Outcome(Term::Medium) => ColumnKey::OutcomeMedium,
            Stage::Outcome(Term::Long) => ColumnKey::OutcomeLong,
            Stage::Impact => ColumnKey::Impact,
        }
    }
}

/// A diagram column: the node kind and, for outcomes, the term. Ordered left to right.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// The assumption column.
    Assumption,
    /// The input column.
    Input,
    /// The activity column.
    Activity,
    /// The output column.
    Output,
    /// One outcome column per term.
    Outcome(Term),
    /// The impact column.
    Impact,
}

impl Stage {
    /// Every column, left to right.
    pub const ALL: [Stage; 8] = [
        Stage::Assumption,
        Stage::Input,
        Stage::Activity,
        Stage::Output,
        Stage::Outcome(Term::Short),
        Stage::Outcome(Term::Medium),
        Stage::Outcome(Term::Long),
        Stage::Impact,
    ];

    /// The names of the columns, left to right, as the format writes them
    /// (the `columns` keys but `outcome`, which names no single column).
    pub const NAMES: [&'static str; 8] = [
        "assumption",
        "input",
        "activity",
        "output",
        "outcome_short",
        "outcome_medium",
        "outcome_long",
        "impact",
    ];

    /// The column's name as the format writes it (`outcome_long`).
    pub fn as_str(self) -> &'static str {
        Stage::NAMES[self.rank()]
    }

    /// The column a name as returned by [`Stage::as_str`] names.
    pub fn from_name(name: &str) -> Option<Stage> {
        Stage::NAMES
            .iter()
            .position(|&n| n == name)
            .map(|i| Stage::ALL[i])
    }

    /// The stage of a kind; outcomes take `term` (default short).
    pub fn new(kind: NodeKind, term: Option<Term>) -> Stage {
        match kind {
            NodeKind::Assumption => Stage::Assumption,
            NodeKind::Input => Stage::Input,
            NodeKind::Activity => Stage::Activity,
            NodeKind::Output => Stage::Output,
            NodeKind::Outcome => Stage::Outcome(term.unwrap_or(Term::Short)),
            NodeKind::Impact => Stage::Impact,
        }
    }

    /// The node kind of the column.
    pub fn kind(self) -> NodeKind {
        match self {
            Stage::Assumption => NodeKind::Assumption,
            Stage::Input => NodeKind::Input,
            Stage::Activity => NodeKind::Activity,
            Stage::Output => NodeKind::Output,
            Stage::Outcome(_) => NodeKind::Outcome,
            Stage::Impact => NodeKind::Impact,
        }
    }

    /// The term, for outcome columns.
    pub fn term(self) -> Option<Term> {
        match self {
            Stage::Outcome(term) => Some(term),
            _ => None,
        }
    }

    /// 0-based position of the column, left to right.
    pub fn rank(self) -> usize {
        match self {
            Stage::Assumption => 0,
            Stage::Input => 1,
            Stage::Activity => 2,
            Stage::Output => 3,
            Stage::Outcome(Term::Short) => 4,
            Stage::Outcome(Term::Medium) => 5,
            Stage::Outcome(Term::Long) => 6,
            Stage::Impact => 7,
        }
    }

    /// Whether an edge from `self` to `to` goes forward: to a later column,
    /// or from an outcome to an outcome of the same or a later term.
    pub fn may_lead_to(self, to: Stage) -> bool {
        match (self, to) {
            (Stage::Outcome(a), Stage::Outcome(b)) => a <= b,
            _ => to > self,
        }
    }
}

/// A BCP 47 language tag such as `ja` or `en-GB` (syntax checked, not registry).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Language(String);

impl Language {
    /// Parses a tag: a 2–8 letter primary subtag, then `-`-separated
    /// alphanumeric subtags of 1–8 characters.
    pub fn parse(tag: &str) -> Option<Language> {
        let mut parts = tag.split('-');
        let primary = parts.next()?;
        let primary_ok =
            (2..=8).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic());
        let rest_ok = parts
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
        (primary_ok && rest_ok).then(|| Language(tag.to_owned()))
    }

    /// The tag as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the primary subtag is Japanese (`ja`).
    pub fn is_japanese(&self) -> bool {
        self.0
            .split('-')
            .next()
            .is_some_and(|p| p.eq_ignore_ascii_case("ja"))
    }
}

/// The column a loosely written name most likely means, for "did you
/// mean" help: a stage's own name, or an outcome written with its term in
/// one word as people write it in other tools and in Japanese plans
/// (`outcome_short`, `short-term outcome`, `Outcome (medium)`,
/// `intermediate outcome`, `長期アウトカム`, `アウトカム（短期）`).
pub(crate) fn loose_stage(name: &str) -> Option<Stage> {
    let name = name.to_lowercase();
    if let Some(stage) = Stage::from_name(&name) {
        return Some(stage);
    }
    let outcome = name.contains("outcome") || name.contains("アウトカム") || name.contains("成果");
    if !outcome {
        return None;
    }
    let has = |words: &[&str]| words.iter().any(|w| name.contains(w));
    let term = if has(&["short", "短期", "初期"]) {
        Term::Short
    } else if has(&["medium", "mid", "intermediate", "中期", "中間"]) {
        Term::Medium
    } else if has(&["long", "長期", "最終"]) {
        Term::Long
    } else {
        return None;
    };
    Some(Stage::Outcome(term))
}

/// Above this many ids, a dangling reference gets no "did you mean".
pub(crate) const MAX_SUGGESTION_CANDIDATES: usize = 5_000;

/// The known name closest to `name`, if it is close enough to be a typo
/// (Damerau–Levenshtein distance at most 2, or a third of the name).
pub(crate) fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let name = name.to_lowercase();
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&name, k), *k))
        .filter(|&(distance, k)| distance <= 2.max(k.len() / 3))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, k)| k)
}

/// The id in `known` closest to `id`, when it is close enough to be a typo.
/// Skipped for very large models, where scanning every id per reference
/// would make a file full of typos quadratic.
pub(crate) fn closest_id<'a>(id: &str, known: &[&'a str]) -> Option<&'a str> {
    if known.len() > MAX_SUGGESTION_CANDIDATES {
        return None;
    }
    closest(id, known)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_outcome_names_give_their_term() {
        for (name, term) in [
            ("outcome_short", Term::Short),
            ("Short-term outcome", Term::Short),
            ("Outcome (medium)", Term::Medium),
            ("intermediate outcome", Term::Medium),
            ("outcome-long", Term::Long),
            ("長期アウトカム", Term::Long),
            ("アウトカム（短期）", Term::Short),
        ] {
            assert_eq!(loose_stage(name), Some(Stage::Outcome(term)), "{name}");
        }
        assert_eq!(loose_stage("impact"), Some(Stage::Impact));
        assert_eq!(loose_stage("outcome"), None);
        assert_eq!(loose_stage("activities"), None);
    }

    #[test]
    fn outcomes_may_lead_to_the_same_or_a_later_term_only() {
        let short = Stage::Outcome(Term::Short);
        let long = Stage::Outcome(Term::Long);
        assert!(short.may_lead_to(long));
        assert!(short.may_lead_to(short));
        assert!(!long.may_lead_to(short));
        assert!(!Stage::Output.may_lead_to(Stage::Output));
        assert!(Stage::Activity.may_lead_to(Stage::Impact));
        assert!(!Stage::Impact.may_lead_to(Stage::Activity));
    }

    #[test]
    fn language_tags_are_checked() {
        assert!(Language::parse("ja").unwrap().is_japanese());
        assert!(!Language::parse("en-GB").unwrap().is_japanese());
        assert!(Language::parse("日本語").is_none());
        assert!(Language::parse("").is_none());
    }
}
