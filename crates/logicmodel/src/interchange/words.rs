//! The fixed words of the interchange formats in English and Japanese:
//! column names, kind and term names, confidence and direction. Tables are
//! read back by these words, so each is spelled here once.

use crate::model::{Confidence, Direction, NodeKind, Stage, Term};

/// The word for a node kind in a table cell.
pub(crate) fn kind(kind: NodeKind, japanese: bool) -> &'static str {
    if !japanese {
        return kind.as_str();
    }
    match kind {
        NodeKind::Assumption => "前提",
        NodeKind::Input => "インプット",
        NodeKind::Activity => "活動",
        NodeKind::Output => "アウトプット",
        NodeKind::Outcome => "アウトカム",
        NodeKind::Impact => "インパクト",
    }
}

/// The word for an outcome term in a table cell. Japanese uses the
/// national review's 短期/中期/長期 (the reader also takes 初期 for short).
pub(crate) fn term(term: Term, japanese: bool) -> &'static str {
    if !japanese {
        return term.as_str();
    }
    match term {
        Term::Short => "短期",
        Term::Medium => "中期",
        Term::Long => "長期",
    }
}

/// The word for a link's confidence in a table cell.
pub(crate) fn confidence(confidence: Confidence, japanese: bool) -> &'static str {
    if !japanese {
        return confidence.as_str();
    }
    match confidence {
        Confidence::Low => "低",
        Confidence::Medium => "中",
        Confidence::High => "高",
    }
}

/// The word for a KPI's direction in a table cell.
pub(crate) fn direction(direction: Direction, japanese: bool) -> &'static str {
    if !japanese {
        return direction.as_str();
    }
    match direction {
        Direction::Increase => "増加",
        Direction::Decrease => "減少",
    }
}

/// The `columns` key of a stage in the file format (`outcome_short`, …).
pub(crate) fn column_key(stage: Stage) -> &'static str {
    match stage {
        Stage::Assumption => "assumption",
        Stage::Input => "input",
        Stage::Activity => "activity",
        Stage::Output => "output",
        Stage::Outcome(Term::Short) => "outcome_short",
        Stage::Outcome(Term::Medium) => "outcome_medium",
        Stage::Outcome(Term::Long) => "outcome_long",
        Stage::Impact => "impact",
    }
}

/// The heading of a column in a drawing: the model's own heading if it
/// gives one, else the built-in name.
pub(crate) fn stage_heading(model: &crate::Model, stage: Stage, japanese: bool) -> String {
    match model.columns().heading(stage) {
        Some(heading) => heading.to_owned(),
        None => crate::render::stage_name(stage, japanese).to_owned(),
    }
}
