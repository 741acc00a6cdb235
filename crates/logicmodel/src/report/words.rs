//! The report's fixed words in Japanese and English, chosen by the model's
//! `language`: headings, labels, the check results' explanations and the
//! live preview's status lines. Every word a reader sees is here, so a
//! Japanese model never shows an English word the report chose.

use crate::diagnostic::{Code, Severity};
use crate::model::{Language, Model};

/// Headings and labels of a report.
pub(crate) struct Words {
    /// Whether these are the Japanese words.
    pub japanese: bool,
    pub contents: &'static str,
    pub diagram: &'static str,
    pub diagram_hint: &'static str,
    pub checks: &'static str,
    pub no_problems: &'static str,
    pub kpis: &'static str,
    pub coverage: &'static str,
    pub schedule: &'static str,
    pub details: &'static str,
    pub revision: &'static str,
    pub issued: &'static str,
    pub period: &'static str,
    pub code: &'static str,
    pub message: &'static str,
    /// The severity words of the check results.
    pub error: &'static str,
    pub warning: &'static str,
    /// The summary of a check's collapsed technical details.
    pub technical_details: &'static str,
    pub position: &'static str,
    pub help: &'static str,
    pub kpi: &'static str,
    pub box_heading: &'static str,
    pub offline: &'static str,
    pub stage: &'static str,
    pub section: &'static str,
    pub diagram_by_section: &'static str,
    pub zoom: &'static str,
    pub fit_width: &'static str,
    pub zoom_in: &'static str,
    pub zoom_out: &'static str,
    pub actual_size: &'static str,
    pub zoom_hint: &'static str,
    /// The live preview's status lines.
    pub preview: &'static str,
    pub watching: &'static str,
    pub stale: &'static str,
    pub never_loaded: &'static str,
    pub cannot_read: &'static str,
    pub problems: &'static str,
    pub indicator: &'static str,
    /// Where a KPI's values come from (its `source`).
    pub data_source: &'static str,
    /// The heading of the model's `context`.
    pub context: &'static str,
    pub baseline: &'static str,
    pub target: &'static str,
    pub latest: &'static str,
    pub progress: &'static str,
    pub status: &'static str,
    pub work_items: &'static str,
    pub work_item: &'static str,
    pub owners: &'static str,
    pub current: &'static str,
    pub ideal: &'static str,
    pub progress_notes: &'static str,
    pub leads_to: &'static str,
    pub comes_from: &'static str,
    pub rationale: &'static str,
    pub evidence: &'static str,
    pub confidence: &'static str,
    pub activity: &'static str,
    pub activities_without_impact: &'static str,
    pub impacts_without_activity: &'static str,
    pub none: &'static str,
    pub new_in_revision: &'static str,
    pub close: &'static str,
    pub generated: &'static str,
    pub summary: &'static str,
    pub paths_legend: &'static str,
}

pub(crate) const JAPANESE: Words = Words {
    japanese: true,
    contents: "目次",
    diagram: "ロジックモデル",
    diagram_hint: "図の四角をクリックすると、その詳細と、それを通る因果の連鎖が表示されます。",
    checks: "チェック結果",
    no_problems: "問題は見つかりませんでした。",
    kpis: "KPI（数値目標）",
    coverage: "活動 × インパクト",
    schedule: "年度別スケジュール",
    details: "各要素の詳細",
    revision: "版",
    issued: "発行日",
    period: "計画期間",
    code: "コード",
    message: "メッセージ",
    error: "エラー",
    warning: "警告",
    technical_details: "詳細",
    position: "ファイル内の位置",
    help: "ヒント",
    kpi: "KPI",
    box_heading: "要素",
    offline: "プレビューのサーバーとの接続が切れました。再接続しています…",
    stage: "段階",
    section: "区分",
    diagram_by_section: "ロジックモデル（区分ごと）",
    zoom: "図の表示倍率",
    fit_width: "幅に合わせる",
    zoom_in: "拡大",
    zoom_out: "縮小",
    actual_size: "原寸",
    zoom_hint: "Ctrl キーを押しながらホイール、またはピンチ操作でも拡大・縮小できます。",
    preview: "プレビュー",
    watching: "ファイルを保存すると、この画面は自動で更新されます。",
    stale: "ファイルを読み込めません。下の図は、最後に読み込めた版です。",
    never_loaded: "ファイルを読み込めません。まだ一度も読み込めていないため、図はありません。",
    cannot_read: "ファイルを読み取れません",
    problems: "読み込みの問題",
    indicator: "指標",
    data_source: "データソース",
    context: "前提条件・外部要因",
    baseline: "基準値",
    target: "目標値",
    latest: "最新実績",
    progress: "進捗率",
    status: "状況",
    work_items: "事業",
    work_item: "事業",
    owners: "担当",
    current: "現状",
    ideal: "理想",
    progress_notes: "進捗",
    leads_to: "つながる先",
    comes_from: "つながる元",
    rationale: "根拠",
    evidence: "エビデンス",
    confidence: "確からしさ",
    activity: "活動",
    activities_without_impact: "インパクトにつながらない活動",
    impacts_without_activity: "どの活動からもつながらないインパクト",
    none: "なし",
    new_in_revision: "新規",
    close: "閉じる",
    generated: "logicmodel により生成",
    summary: "概要",
    paths_legend: "数字は活動からインパクトへの経路の数です。",
};

pub(crate) const ENGLISH: Words = Words {
    japanese: false,
    contents: "Contents",
    diagram: "Logic model",
    diagram_hint: "Click a box to see its details and the chains that run through it.",
    checks: "Check results",
    no_problems: "No problems found.",
    kpis: "KPIs",
    coverage: "Activities × impacts",
    schedule: "Schedule by fiscal year",
    details: "Details of every box",
    revision: "Revision",
    issued: "Issued",
    period: "Plan period",
    code: "Code",
    message: "Message",
    error: "Error",
    warning: "Warning",
    technical_details: "Details",
    position: "Position in the file",
    help: "Hint",
    kpi: "KPI",
    box_heading: "Box",
    offline: "Lost the connection to the preview server; trying again…",
    stage: "Stage",
    section: "Section",
    diagram_by_section: "Logic model by section",
    zoom: "Diagram zoom",
    fit_width: "Fit to width",
    zoom_in: "Zoom in",
    zoom_out: "Zoom out",
    actual_size: "Actual size",
    zoom_hint: "Ctrl + mouse wheel, or a pinch, zooms too.",
    preview: "Preview",
    watching: "This page updates itself whenever the file is saved.",
    stale: "The file does not load. The diagram below is the last version that did.",
    never_loaded:
        "The file does not load, and no version of it has loaded yet, so there is no diagram.",
    cannot_read: "The file cannot be read",
    problems: "Problems loading the file",
    indicator: "Indicator",
    data_source: "Data source",
    context: "Assumptions and external factors",
    baseline: "Baseline",
    target: "Target",
    latest: "Latest actual",
    progress: "Progress",
    status: "Status",
    work_items: "Work items",
    work_item: "Work item",
    owners: "Owners",
    current: "Today",
    ideal: "Aim",
    progress_notes: "Progress",
    leads_to: "Leads to",
    comes_from: "Comes from",
    rationale: "Rationale",
    evidence: "Evidence",
    confidence: "Confidence",
    activity: "Activity",
    activities_without_impact: "Activities that reach no impact",
    impacts_without_activity: "Impacts no activity reaches",
    none: "none",
    new_in_revision: "new",
    close: "Close",
    generated: "Generated by logicmodel",
    summary: "Summary",
    paths_legend: "Numbers are the number of paths from the activity to the impact.",
};

/// Things the report counts.
#[derive(Clone, Copy)]
pub(crate) enum Noun {
    Box,
    Arrow,
    Error,
    Warning,
}

impl Words {
    /// `122 要素` or `122 boxes`, `1 box`.
    pub fn quantity(&self, n: usize, noun: Noun) -> String {
        let word = match (self.japanese, noun, n == 1) {
            (true, Noun::Box, _) => "要素",
            (true, Noun::Arrow, _) => "矢印",
            (true, Noun::Error, _) => "エラー",
            (true, Noun::Warning, _) => "警告",
            (false, Noun::Box, true) => "box",
            (false, Noun::Box, false) => "boxes",
            (false, Noun::Arrow, true) => "arrow",
            (false, Noun::Arrow, false) => "arrows",
            (false, Noun::Error, true) => "error",
            (false, Noun::Error, false) => "errors",
            (false, Noun::Warning, true) => "warning",
            (false, Noun::Warning, false) => "warnings",
        };
        format!("{n} {word}")
    }

    /// The word for a severity.
    pub fn severity_word(&self, severity: Severity) -> &'static str {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
        }
    }

    /// `10 件` or `10 problems`.
    pub fn count(&self, n: usize) -> String {
        match (self.japanese, n) {
            (true, n) => format!("{n} 件"),
            (false, 1) => "1 problem".to_owned(),
            (false, n) => format!("{n} problems"),
        }
    }

    /// `（活動）` or ` (Activity)`: a kind named after a name.
    pub fn kind_note(&self, kind: &str) -> String {
        if self.japanese {
            format!("（{kind}）")
        } else {
            format!(" ({kind})")
        }
    }

    /// A position in the file, `12 行 5 列` or `line 12, column 5`.
    pub fn line_column(&self, line: u32, column: u32) -> String {
        if self.japanese {
            format!("{line} 行 {column} 列")
        } else {
            format!("line {line}, column {column}")
        }
    }

    /// What a diagnostic code means, in the report's language.
    pub fn explain(&self, code: Code) -> String {
        if self.japanese {
            code_summary_ja(code).to_owned()
        } else {
            let summary = code.summary();
            let mut chars = summary.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        }
    }
}

/// The words for a model: Japanese when its language is `ja*`, else English.
pub(crate) fn words_for(model: &Model) -> &'static Words {
    words_for_language(model.language())
}

/// The words for a language: Japanese for `ja*`, else English (also when
/// there is none, e.g. for a file that never loaded).
pub(crate) fn words_for_language(language: Option<&Language>) -> &'static Words {
    if language.is_some_and(|l| l.is_japanese()) {
        &JAPANESE
    } else {
        &ENGLISH
    }
}

/// What a diagnostic code means, in Japanese, for the check results of a
/// Japanese report (the messages themselves are English, like the CLI's,
/// and are shown only in the collapsed details).
pub(crate) fn code_summary_ja(code: Code) -> &'static str {
    match code {
        Code::InvalidJson => "UTF-8 の JSON として読めません",
        Code::InvalidModel => "値の型・必須項目・選択肢・形式の版が正しくありません",
        Code::UnknownField => "形式にない項目名です",
        Code::InvalidId => "ID に使えない文字が含まれています",
        Code::DuplicateId => "ID が重複しています",
        Code::DanglingReference => "存在しない ID を参照しています",
        Code::UnknownCheck => "checks に存在しない（または変更できない）チェック名があります",
        Code::BackwardEdge => "矢印が左の列（前の段階）へ戻っています",
        Code::Cycle => "矢印が循環しています",
        Code::ActivityWithoutImpact => "この活動からインパクトへつながる経路がありません",
        Code::ImpactWithoutActivity => "どの活動からもこのインパクトへつながりません",
        Code::DeadEnd => "この要素から先へ矢印が出ていません",
        Code::UnreachedNode => "どの活動からもこのアウトプット・アウトカムへつながりません",
        Code::UnusedInput => "このインプットはどの活動にもつながっていません",
        Code::UnlinkedAssumption => "この前提はどこにもつながっていません",
        Code::IsolatedNode => "この要素には矢印がありません",
        Code::ActivityWithoutWorkItem => "この活動を担う事業がありません",
        Code::WorkItemWithoutKpi => "この事業を測る KPI がありません",
        Code::KpiTargetUndecided => "KPI の目標値が未決定です",
        Code::KpiBaselineAfterTarget => "KPI の基準年度が目標年度より後です",
        Code::KpiTargetOutsidePeriod => "KPI の目標年度が計画期間の外です",
        Code::UnusedWorkItem => "どの要素からも参照されていない事業です",
        Code::UnusedKpi => "どの要素・事業からも参照されていない KPI です",
    }
}
