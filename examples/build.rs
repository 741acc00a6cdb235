//! Builds a small logic model in code, checks it and prints it as format-1
//! JSON on stdout — what an importer from a spreadsheet or a database does.
//!
//! ```sh
//! cargo run -p logicmodel --example build | logicmodel check -
//! ```

use logicmodel::model::Confidence;
use logicmodel::model::{
    Baseline, KpiRecord, LinkDetail, LinkRecord, Measurement, ModelBuilder, ModelFields,
    NodeRecord, SectionRecord, Spanned, Stage, Term, WorkItemRecord,
};
use logicmodel::Severity;

fn main() {
    let mut builder = ModelBuilder::new();
    builder.section(SectionRecord::new("club", "Reading club"));

    // One box in each column, linked left to right.
    let club = |node: NodeRecord<'static>| node.in_section("club");
    builder.node(club(
        NodeRecord::new(
            "few-readers",
            Stage::Assumption,
            "Few children read at home",
        )
        .to("volunteers"),
    ));
    builder.node(club(
        NodeRecord::new("volunteers", Stage::Input, "Volunteer readers").to("sessions"),
    ));
    builder.node(club(
        NodeRecord::new("sessions", Stage::Activity, "Weekly reading sessions")
            .to("sessions-held")
            .work_item("club-2025"),
    ));
    builder.node(club(
        NodeRecord::new(
            "sessions-held",
            Stage::Output,
            "Sessions held in every library",
        )
        .link(LinkRecord::detailed(
            "enjoy-books",
            LinkDetail {
                rationale: Some("Children who are read to ask for more books".into()),
                evidence: Some("Library survey 2024".into()),
                confidence: Some(Confidence::Medium),
                ..LinkDetail::default()
            },
        ))
        .kpi("sessions-per-year"),
    ));
    builder.node(club(
        NodeRecord::new(
            "enjoy-books",
            Stage::Outcome(Term::Short),
            "Children enjoy books",
        )
        .to("read-for-pleasure"),
    ));
    builder.node(club(NodeRecord::new(
        "read-for-pleasure",
        Stage::Impact,
        "Children read for pleasure",
    )));

    let mut item = WorkItemRecord::new("club-2025", "Reading club 2025");
    item.owners = vec!["Central library".into()];
    item.schedule = vec![(Spanned::new(2025), vec!["Recruit volunteers".into()])];
    item.kpis = vec![Spanned::new("sessions-per-year".into())];
    builder.work_item(item);

    let mut kpi = KpiRecord::new("sessions-per-year", "Sessions held per year", "sessions");
    // The year of a baseline may be unknown (`year: None`).
    kpi.baseline = Some(Spanned::new(Baseline {
        year: Some(2024),
        value: 0.0,
    }));
    kpi.target = Some(Spanned::new(Measurement {
        year: 2026,
        value: 40.0,
    }));
    builder.kpi(kpi);

    let mut fields = ModelFields::titled("Reading club");
    fields.language = Some(Spanned::new("en".into()));
    fields.period = Some(Spanned::new((2025, 2026)));
    let (model, built) = builder.finish(fields);

    // Building reports what a file would get (without positions); then the
    // chain checks run as for any model.
    let problems: Vec<_> = built.into_iter().chain(model.check()).collect();
    for problem in &problems {
        eprintln!("{problem}");
    }
    if problems.iter().any(|d| d.severity() == Severity::Error) {
        std::process::exit(1);
    }
    print!("{}", logicmodel::format::to_string(&model));
}
