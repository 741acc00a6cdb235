//! Tests of the reports through their public functions.

use super::{html, markdown, preview, Part, Preview};
use crate::Model;

fn seed() -> (Model, Vec<crate::Diagnostic>) {
    let text = include_str!("../../../../models/gotsu-smart-city.json");
    let loaded = crate::load_str(text);
    let model = loaded.model.expect("the seed loads");
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(model.check());
    crate::diagnostic::sort(&mut diagnostics);
    (model, diagnostics)
}

/// The text of a page with its tags, and the `<details>` blocks (which a
/// reader only sees when opening them), taken out.
fn visible_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<details") {
        text.push_str(&rest[..start]);
        rest = match rest[start..].find("</details>") {
            Some(end) => &rest[start + end + "</details>".len()..],
            None => "",
        };
    }
    text.push_str(rest);
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start} not found"));
    let to = text[from..].find(end).map_or(text.len(), |i| from + i);
    &text[from..to]
}

#[test]
fn parts_come_in_the_listed_order_with_the_checks_after_diagram_and_kpis() {
    let (model, diagnostics) = seed();
    let page = html(&model, &diagnostics);
    let positions: Vec<usize> = Part::REPORT
        .iter()
        .map(|part| {
            page.find(&format!("<section id=\"{}\"", part.anchor()))
                .unwrap_or_else(|| panic!("no section {}", part.anchor()))
        })
        .collect();
    assert!(positions.windows(2).all(|p| p[0] < p[1]), "{positions:?}");
    assert_eq!(Part::REPORT[..3], [Part::Diagram, Part::Kpis, Part::Checks]);
    let text = markdown(&model, &diagnostics, "d.svg");
    let kpis = text.find("## KPI（数値目標）").unwrap();
    let checks = text.find("## チェック結果").unwrap();
    assert!(text.find("## ロジックモデル").unwrap() < kpis && kpis < checks);
}

#[test]
fn the_checks_of_a_japanese_model_speak_japanese_and_name_things_by_their_labels() {
    let (model, diagnostics) = seed();
    assert!(!diagnostics.is_empty(), "the seed has warnings to show");
    let page = html(&model, &diagnostics);
    let section = between(&page, "<section id=\"checks\"", "</section>");
    let visible = visible_text(section);
    assert!(visible.contains("警告"), "{visible}");
    assert!(visible.contains("この事業を測る KPI がありません"));
    assert!(
        !visible.contains("warning"),
        "no English severity: {visible}"
    );
    assert!(
        !visible.contains("work-item-without-kpi"),
        "no code in sight"
    );
    for d in &diagnostics {
        for id in d.ids() {
            assert!(
                !visible.contains(id.as_str()),
                "the id {id} is shown: {visible}"
            );
        }
        let position = format!("{} 行 {} 列", d.location().line, d.location().column);
        assert!(!visible.contains(&position), "positions are collapsed");
        assert!(section.contains(&position), "but there, in the details");
    }
    let item = model
        .work_items()
        .iter()
        .find(|w| w.id().as_str() == "wi-maas")
        .unwrap();
    assert!(
        visible.contains(&item.title),
        "the work item is named by its title"
    );
    assert!(
        section.contains("href=\"#work-item-wi-maas\""),
        "and linked to its row"
    );
    assert!(page.contains("<tr id=\"work-item-wi-maas\""));

    let text = markdown(&model, &diagnostics, "d.svg");
    let checks = between(&text, "## チェック結果", "## 活動");
    let outside_details = visible_text(checks);
    assert!(outside_details.contains("### 警告: この事業を測る KPI がありません"));
    assert!(outside_details.contains(&item.title));
    assert!(!outside_details.contains("wi-maas"));
    assert!(checks.contains("<details><summary>詳細</summary>"));
}

#[test]
fn an_english_model_gets_english_words_and_labels() {
    let text = r#"{"format": 1, "title": "Club",
      "nodes": [
        {"id": "a", "kind": "activity", "label": "Read aloud", "to": ["o"]},
        {"id": "o", "kind": "output", "label": "Sessions held"},
        {"id": "i", "kind": "impact", "label": "Joy"}
      ]}"#;
    let model = crate::load_str(text).model.unwrap();
    let diagnostics = model.check();
    let page = html(&model, &diagnostics);
    let visible = visible_text(between(&page, "<section id=\"checks\"", "</section>"));
    assert!(
        visible.contains("Error")
            && visible.contains("No path leads from this activity to an impact"),
        "{visible}"
    );
    assert!(visible.contains("Read aloud (Activity)"), "{visible}");
    assert!(!visible.contains("activity-without-impact"));
}

const HOSTILE: &str = r#"{"format": 1, "title": "T\u202Eitle <script>alert(1)</script>\uFFFE",
  "description": "**bold** [link](javascript:alert(1)) <img src=x onerror=alert(1)>\u2066",
  "language": "en",
  "sections": [{"id": "s", "label": "S | <b>\uFFFF"}],
  "nodes": [
    {"id": "a", "kind": "activity", "label": "- <b>act</b>\u202D\u0007", "to": ["o"], "work_items": ["w"], "section": "s"},
    {"id": "o", "kind": "output", "label": "1. `out` \uFDD0\u0085", "to": ["i"], "kpis": ["k"], "section": "s"},
    {"id": "i", "kind": "impact", "label": "=HYPERLINK(\"x\") ~~i~~ $x$", "section": "s"}
  ],
  "work_items": [{"id": "w", "title": "<i>w</i>\u2067", "owners": ["O | \u202E"], "schedule": {"2025": ["<s>step</s>"]}, "progress": ["\u009B31m"]}],
  "kpis": [{"id": "k", "indicator": "<u>k</u>\uFFFE", "unit": "<%>", "baseline": {"year": 2024, "value": 1}, "target": {"year": 2026, "value": 2}}]
}"#;

fn forbidden(c: char) -> bool {
    !crate::escape::is_kept(c) && c != '\t'
}

#[test]
fn hostile_text_is_cleaned_and_escaped_in_every_report() {
    let loaded = crate::load_str(HOSTILE);
    let model = loaded
        .model
        .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics));
    let diagnostics = model.check();
    let page = html(&model, &diagnostics);
    for c in page.chars() {
        assert!(
            !forbidden(c) || c == '\r',
            "U+{:04X} reached the HTML",
            u32::from(c)
        );
    }
    for tag in ["<script>alert", "<img", "<b>", "<i>", "<u>", "<s>"] {
        assert!(!page.contains(tag), "{tag} reached the HTML");
    }
    assert_eq!(
        page.matches("<script>").count(),
        1,
        "only the report's own script"
    );
    let text = markdown(&model, &diagnostics, "d.svg");
    for c in text.chars() {
        assert!(!forbidden(c), "U+{:04X} reached the Markdown", u32::from(c));
    }
    // No HTML from the model: every tag left is one the writer wrote.
    let mut rest = text.as_str();
    while let Some(i) = rest.find('<') {
        let tag = &rest[i..];
        assert!(
            ["<br>", "<details>", "<summary>", "</summary>", "</details>"]
                .iter()
                .any(|t| tag.starts_with(t)),
            "raw markup in the Markdown: {}",
            &tag[..tag.len().min(30)]
        );
        rest = &rest[i + 1..];
    }
    assert!(text.contains(r"\*\*bold\*\*") && text.contains(r"\[link\](javascript:alert(1))"));
    assert!(
        text.contains(r"\- &lt;b&gt;act&lt;/b&gt;"),
        "a label cannot start a list"
    );
    assert!(text.contains(r"| O \| |"), "a pipe cannot end a cell");
}

#[test]
fn reports_are_deterministic() {
    let (model, diagnostics) = seed();
    assert_eq!(html(&model, &diagnostics), html(&model, &diagnostics));
    assert_eq!(
        markdown(&model, &diagnostics, "d.svg"),
        markdown(&model, &diagnostics, "d.svg")
    );
}

#[test]
fn a_tall_drawing_gets_one_print_page_per_section_cut_from_the_one_drawing() {
    let (model, diagnostics) = seed();
    let page = html(&model, &diagnostics);
    assert_eq!(
        page.matches("<div class=\"section-page\">").count(),
        model.sections().len()
    );
    assert_eq!(
        page.matches("<svg id=\"lm-diagram\"").count(),
        1,
        "one drawing"
    );
    assert_eq!(
        page.matches("<use href=\"#lm-diagram\"").count(),
        2 * model.sections().len(),
        "each page: the headings and one band, both views of it"
    );
    for section in model.sections() {
        assert!(page.contains(&format!("ロジックモデル（区分ごと） — {}", section.label())));
    }
    // A small model prints whole on one page and needs none.
    let small = crate::load_str(
        r#"{"format": 1, "title": "Club", "sections": [{"id": "s", "label": "S"}, {"id": "t", "label": "T"}],
        "nodes": [{"id": "a", "kind": "activity", "label": "Read", "to": ["i"], "section": "s"},
                  {"id": "i", "kind": "impact", "label": "Joy", "section": "t"}]}"#,
    )
    .model
    .unwrap();
    assert!(!html(&small, &[]).contains("<div class=\"section-page\">"));
}

#[test]
fn the_print_table_of_boxes_has_a_row_per_box() {
    let (model, diagnostics) = seed();
    let page = html(&model, &diagnostics);
    let table = between(
        &page,
        "<table class=\"print-only details-table\"",
        "</table>",
    );
    let header_rows = model.sections().len() + 1;
    assert_eq!(
        table.matches("<tr>").count(),
        model.node_count() + header_rows
    );
}

#[test]
fn any_period_and_many_years_keep_the_work_item_table_bounded() {
    let mut schedule = String::new();
    for year in 1000..1100 {
        if !schedule.is_empty() {
            schedule.push(',');
        }
        schedule.push_str(&format!("\"{year}\": [\"step {year}\"]"));
    }
    let text = format!(
        r#"{{"format": 1, "title": "Years", "period": {{"start": -2147483648, "end": 2147483647}},
        "nodes": [{{"id": "a", "kind": "activity", "label": "A", "work_items": ["w"]}}],
        "work_items": [{{"id": "w", "title": "W", "schedule": {{{schedule}}}}}]}}"#
    );
    let loaded = crate::load_str(&text);
    let Some(model) = loaded.model else {
        // The reader may refuse such a period or such years; then there is nothing to bound.
        return;
    };
    let page = html(&model, &[]);
    let table = between(&page, "<table class=\"stack work-items\"", "</table>");
    assert!(table.matches("<th>").count() <= super::MAX_YEAR_COLUMNS + 5);
    if !model.work_items()[0].schedule.is_empty() {
        assert!(
            table.contains("1050: step 1050"),
            "every year is still listed"
        );
    }
    let _ = markdown(&model, &[], "d.svg");
}

#[test]
fn the_preview_shows_problems_beside_the_last_drawing_that_loaded() {
    let (model, diagnostics) = seed();
    let fresh = preview(&Preview {
        model: Some(&model),
        stale: false,
        diagnostics: &diagnostics,
        model_diagnostics: &diagnostics,
        read_error: None,
        file_name: "gotsu.json",
        version: 3,
        events: "/events",
    });
    assert!(fresh
        .contains("<div id=\"live\" class=\"loaded\" data-version=\"3\" data-events=\"/events\""));
    assert!(fresh.contains("<section id=\"checks\"") && fresh.contains("<section id=\"kpis\""));
    assert!(!fresh.contains("id=\"problems\""));
    assert!(fresh.contains("<link rel=\"icon\" href=\"data:,\">"));

    let broken = crate::load_str("{\"format\": 1, \"nodes\": [");
    assert!(broken.model.is_none());
    let stale = preview(&Preview {
        model: Some(&model),
        stale: true,
        diagnostics: &broken.diagnostics,
        model_diagnostics: &diagnostics,
        read_error: None,
        file_name: "gotsu.json",
        version: 4,
        events: "/events",
    });
    let problems = between(&stale, "<section id=\"problems\"", "</section>");
    assert!(problems.contains("ファイルを読み込めません。下の図は、最後に読み込めた版です。"));
    assert!(problems.contains("エラー"));
    assert!(
        stale.contains("<svg id=\"lm-diagram\""),
        "the last good drawing stays"
    );
    assert!(stale.contains("<section id=\"diagram\" class=\"stale\">"));
    assert!(
        problems.contains("<details class=\"technical\" open>"),
        "positions in sight"
    );
    assert!(
        stale.contains("0 エラー, 15 警告"),
        "the drawn version's counts"
    );

    let never = preview(&Preview {
        model: None,
        stale: false,
        diagnostics: &broken.diagnostics,
        model_diagnostics: &[],
        read_error: Some("No such file or directory"),
        file_name: "new <plan>.json",
        version: 1,
        events: "/events",
    });
    assert!(never.contains("id=\"problems\"") && !never.contains("<svg"));
    assert!(never.contains("<title>new &lt;plan&gt;.json</title>"));
    assert!(never.contains("No such file or directory"));
}
