//! The fixed words of a diff in Japanese and English — the names of the
//! kinds of change, of records and of fields, and how values are written —
//! chosen by the new model's `language`.
//!
//! What it must not do: hold a model's own words; those come from the
//! models (labels, titles, units).

use super::{ChangeKind, Field, RecordKind, Value};
use crate::model::{Baseline, Model, NodeKind, Stage, Term};
use crate::render::stage_name;

/// The words of a diff in one language.
#[derive(Clone, Copy, Debug)]
pub struct DiffWords {
    /// Whether these are the Japanese words.
    pub japanese: bool,
}

impl DiffWords {
    /// The words for `model`: Japanese when its `language` is Japanese.
    pub fn of(model: &Model) -> DiffWords {
        DiffWords {
            japanese: model.language().is_some_and(|l| l.is_japanese()),
        }
    }

    /// The heading of a group of changes: 新規, 削除, 変更, ID変更.
    pub fn change(self, change: ChangeKind) -> &'static str {
        match (change, self.japanese) {
            (ChangeKind::Added, true) => "新規",
            (ChangeKind::Removed, true) => "削除",
            (ChangeKind::Changed, true) => "変更",
            (ChangeKind::Renamed, true) => "ID変更",
            (ChangeKind::Added, false) => "Added",
            (ChangeKind::Removed, false) => "Removed",
            (ChangeKind::Changed, false) => "Changed",
            (ChangeKind::Renamed, false) => "Renamed",
        }
    }

    /// The name of a kind of record, as a heading.
    pub fn record(self, kind: RecordKind) -> &'static str {
        match (kind, self.japanese) {
            (RecordKind::Model, true) => "計画",
            (RecordKind::Column, true) => "列の見出し",
            (RecordKind::Check, true) => "チェックの設定",
            (RecordKind::Section, true) => "セクション",
            (RecordKind::Node, true) => "要素",
            (RecordKind::Link, true) => "矢印",
            (RecordKind::WorkItem, true) => "事業",
            (RecordKind::Kpi, true) => "KPI",
            (RecordKind::Model, false) => "Plan",
            (RecordKind::Column, false) => "Column headings",
            (RecordKind::Check, false) => "Check levels",
            (RecordKind::Section, false) => "Sections",
            (RecordKind::Node, false) => "Boxes",
            (RecordKind::Link, false) => "Arrows",
            (RecordKind::WorkItem, false) => "Work items",
            (RecordKind::Kpi, false) => "KPIs",
        }
    }

    /// A kind's heading with its count: `事業（3件）`, `Work items (3)`.
    pub fn record_count(self, kind: RecordKind, count: usize) -> String {
        if self.japanese {
            format!("{}（{count}件）", self.record(kind))
        } else {
            format!("{} ({count})", self.record(kind))
        }
    }

    /// The name of a field.
    pub fn field(self, field: Field) -> &'static str {
        let (ja, en) = match field {
            Field::Schema => ("$schema", "$schema"),
            Field::Title => ("名称", "title"),
            Field::Description => ("説明", "description"),
            Field::Revision => ("版", "revision"),
            Field::Issued => ("発行日", "issued"),
            Field::Language => ("言語", "language"),
            Field::Period => ("計画期間", "plan period"),
            Field::ChainEnd => ("連鎖の終わりの列", "chains end at"),
            Field::Meta => ("その他の情報（meta）", "meta"),
            Field::Heading => ("見出し", "heading"),
            Field::Level => ("レベル", "level"),
            Field::Label => ("ラベル", "label"),
            Field::Kind => ("列", "column"),
            Field::Term => ("期間", "term"),
            Field::Section => ("セクション", "section"),
            Field::WorkItems => ("事業", "work items"),
            Field::Kpis => ("KPI", "KPIs"),
            Field::Rationale => ("根拠", "rationale"),
            Field::Inferred => ("推定したつながり", "inferred"),
            Field::LinkType => ("つながりの種類", "link type"),
            Field::BoxOrder => ("箱の並び順", "box order"),
            Field::Context => ("前提・外部要因", "context"),
            Field::QualitativeTarget => ("目標（文章）", "target in words"),
            Field::Source => ("データソース", "data source"),
            Field::Evidence => ("エビデンス", "evidence"),
            Field::Confidence => ("確からしさ", "confidence"),
            Field::Owners => ("担当", "owners"),
            Field::Current => ("現状", "today"),
            Field::Ideal => ("理想", "aim"),
            Field::Schedule => ("スケジュール", "schedule"),
            Field::Progress => ("進捗", "progress"),
            Field::NewInRevision => ("新規（この版）", "new in this revision"),
            Field::Indicator => ("指標", "indicator"),
            Field::Unit => ("単位", "unit"),
            Field::Direction => ("望ましい方向", "better when"),
            Field::Baseline => ("基準値", "baseline"),
            Field::Target => ("目標値", "target"),
            Field::TargetNote => ("目標の注記", "target note"),
            Field::Actuals => ("実績", "actuals"),
        };
        if self.japanese {
            ja
        } else {
            en
        }
    }

    /// What an empty value reads as.
    pub fn none(self) -> &'static str {
        if self.japanese {
            "（なし）"
        } else {
            "(none)"
        }
    }

    /// The separator of list items on one line.
    pub fn separator(self) -> &'static str {
        if self.japanese {
            "、"
        } else {
            ", "
        }
    }

    /// A heading line for two versions: `第1.1版（2023-09-30） → 第1.2版（2024-03-26）`.
    pub fn versions(self, old: &Model, new: &Model, old_name: &str, new_name: &str) -> String {
        let version = |model: &Model, name: &str| {
            let mut text = model.revision().unwrap_or(name).to_owned();
            if let Some(issued) = model.issued() {
                if self.japanese {
                    text.push_str(&format!("（{issued}）"));
                } else {
                    text.push_str(&format!(" ({issued})"));
                }
            }
            text
        };
        format!("{} → {}", version(old, old_name), version(new, new_name))
    }

    /// A one-line summary: `新規 47件・削除 0件・変更 30件・ID変更 0件`.
    pub fn summary(self, summary: &super::Summary) -> String {
        let parts: Vec<String> = ChangeKind::ALL
            .iter()
            .map(|&c| {
                if self.japanese {
                    format!("{} {}件", self.change(c), summary.of(c))
                } else {
                    format!("{} {}", summary.of(c), self.change(c).to_lowercase())
                }
            })
            .collect();
        parts.join(if self.japanese { "・" } else { ", " })
    }

    /// A measurement with its unit, as the reports write it
    /// ([`crate::words::measurement`]): `80%（2026年度）`, `3.8 days (2024)`;
    /// an undated baseline without the year.
    pub fn measurement(self, m: impl Into<Baseline>, unit: Option<&str>) -> String {
        let locale = crate::words::Locale::from_japanese(self.japanese);
        crate::words::measurement(m, unit.unwrap_or(""), locale)
    }

    fn year(self, year: i32) -> String {
        if self.japanese {
            format!("{year}年度")
        } else {
            format!("FY{year}")
        }
    }

    /// The plain text of a value of `field` (lines separated by `\n`);
    /// `unit` is the KPI's unit for its measurements. Names of the format
    /// (kinds, terms, directions, levels) are put in words; ids and model
    /// text are kept as they are — the caller escapes for its output.
    pub fn value(self, field: Field, value: &Value, unit: Option<&str>) -> String {
        match value {
            v if v.is_empty() && !matches!(v, Value::Bool(_)) => self.none().to_owned(),
            Value::None => self.none().to_owned(),
            Value::Text(text) => self.name(field, text).unwrap_or_else(|| text.clone()),
            Value::List(items) if matches!(field, Field::Progress | Field::Owners) => {
                if field == Field::Progress {
                    items.join("\n")
                } else {
                    items.join(self.separator())
                }
            }
            Value::List(items) => items.join(self.separator()),
            Value::Bool(yes) => match (yes, self.japanese) {
                (true, true) => "はい",
                (false, true) => "いいえ",
                (true, false) => "yes",
                (false, false) => "no",
            }
            .to_owned(),
            Value::Measurement(m) => self.measurement(*m, unit),
            Value::Baseline(m) => self.measurement(*m, unit),
            Value::Measurements(items) => items
                .iter()
                .map(|&m| self.measurement(m, unit))
                .collect::<Vec<_>>()
                .join(self.separator()),
            Value::Schedule(years) => years
                .iter()
                .map(|(year, steps)| {
                    format!("{}: {}", self.year(*year), steps.join(self.separator()))
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Value::Period(p) => {
                if self.japanese {
                    format!("{}–{}年度", p.start, p.end)
                } else {
                    format!("FY{}–FY{}", p.start, p.end)
                }
            }
            Value::Json(json) => serde_json::to_string(json).unwrap_or_default(),
        }
    }

    /// The words for a format name in `field` (`activity` → 活動), if any.
    fn name(self, field: Field, text: &str) -> Option<String> {
        let ja = self.japanese;
        let word = match field {
            Field::Kind => {
                let kind = NodeKind::from_name(text)?;
                return Some(match kind {
                    NodeKind::Outcome if ja => "アウトカム".to_owned(),
                    NodeKind::Outcome => "Outcome".to_owned(),
                    kind => stage_name(Stage::new(kind, None), ja).to_owned(),
                });
            }
            Field::ChainEnd => return Some(stage_name(Stage::from_name(text)?, ja).to_owned()),
            Field::Term => match (Term::from_name(text)?, ja) {
                (Term::Short, true) => "初期",
                (Term::Medium, true) => "中期",
                (Term::Long, true) => "長期",
                (Term::Short, false) => "short term",
                (Term::Medium, false) => "medium term",
                (Term::Long, false) => "long term",
            },
            Field::Direction => match (text, ja) {
                ("increase", true) => "増えるほどよい",
                ("decrease", true) => "減るほどよい",
                ("increase", false) => "higher",
                ("decrease", false) => "lower",
                _ => return None,
            },
            Field::Confidence => match (text, ja) {
                ("low", true) => "低い",
                ("medium", true) => "中程度",
                ("high", true) => "高い",
                _ => return None,
            },
            Field::Level => match (text, ja) {
                ("error", true) => "エラー",
                ("warning", true) => "警告",
                ("allow", true) => "報告しない",
                ("allow", false) => "allow (not reported)",
                _ => return None,
            },
            _ => return None,
        };
        Some(word.to_owned())
    }

    /// Column headings of the tables of a paper: id, name, details, record,
    /// field, before, after, old id, new id.
    pub fn table_headings(self) -> [&'static str; 9] {
        if self.japanese {
            [
                "ID",
                "名称",
                "内容",
                "対象",
                "項目",
                "変更前",
                "変更後",
                "旧ID",
                "新ID",
            ]
        } else {
            [
                "Id", "Name", "Details", "Record", "Field", "Before", "After", "Old id", "New id",
            ]
        }
    }

    /// The heading of a paper: `変更点：…`, `Changes: …`.
    pub fn paper_title(self, title: &str) -> String {
        if self.japanese {
            format!("変更点：{title}")
        } else {
            format!("Changes: {title}")
        }
    }

    /// The heading of a report's section: `前の版からの変更（第1.1版）`.
    pub fn since(self, old_version: &str) -> String {
        if self.japanese {
            format!("前の版からの変更（{old_version}から）")
        } else {
            format!("Changes since {old_version}")
        }
    }

    /// What a diff without changes says.
    pub fn no_changes(self) -> &'static str {
        if self.japanese {
            "変更はありません。"
        } else {
            "No changes."
        }
    }

    /// The column a node is in, for a list of added or removed boxes.
    pub fn stage(self, stage: Stage) -> &'static str {
        stage_name(stage, self.japanese)
    }
}
