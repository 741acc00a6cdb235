//! A deterministic generator of large, valid logic models for benchmarks.
//!
//! The shape imitates the hand-made models in `models/`: the nodes are split
//! into sections (bands) of about [`Options::section_size`] boxes, and each
//! section is a small logic model of its own, assumption → input → activity
//! → output → short-term outcome → long-term outcome → impact, with column
//! sizes in the proportions of `models/gotsu-smart-city.json` (many
//! activities and outputs, fewer outcomes and impacts).
//!
//! Edges only go forward, so the generated model has no `backward-edge` or
//! `cycle`; each column is mapped onto the next by a monotone map, so every
//! output and outcome is reached and every activity reaches an impact. On
//! top of that come random extra edges near the mapped target (fan-out and
//! fan-in), long edges that skip a column (activity → outcome, short-term
//! outcome → impact), outcome → outcome edges, and a few edges into the next
//! section. About 1.5 edges per node; one edge in ten records a rationale.
//!
//! About 80% of activities have a work item (with owners, a schedule,
//! progress notes and KPIs); the others are `activity-without-work-item`
//! warnings, and a few KPIs have no target yet (`kpi-target-undecided`), as
//! in real plans. A generated model has no errors.
//!
//! The generator must not depend on anything but its options: the same
//! options give the same bytes on every machine (own PRNG, no `HashMap`).

use std::collections::BTreeMap;

use serde::Serialize;

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// The number of nodes (boxes); at least [`MIN_NODES`].
    pub nodes: usize,
    /// The seed of the pseudo-random choices.
    pub seed: u64,
    /// About how many nodes a section holds.
    pub section_size: usize,
}

impl Options {
    /// `nodes` nodes from `seed`, in sections of 250 nodes.
    pub fn new(nodes: usize, seed: u64) -> Options {
        Options {
            nodes,
            seed,
            section_size: 250,
        }
    }
}

/// The smallest model the generator makes: one node per column.
pub const MIN_NODES: usize = COLUMNS;

/// How the JSON text is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One line, no spaces (`serde_json::to_string`).
    Compact,
    /// Two-space indentation, one value per line (`serde_json::to_string_pretty`),
    /// as the models in `models/` are written.
    Pretty,
}

/// A generated model, ready to be written as JSON.
#[derive(Debug, Serialize)]
pub struct GeneratedModel {
    format: u32,
    title: String,
    description: String,
    revision: &'static str,
    issued: &'static str,
    language: &'static str,
    period: Period,
    columns: BTreeMap<&'static str, &'static str>,
    sections: Vec<Section>,
    nodes: Vec<Node>,
    work_items: Vec<WorkItem>,
    kpis: Vec<Kpi>,
}

impl GeneratedModel {
    /// The number of nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// The number of edges (entries of `to`).
    pub fn edge_count(&self) -> usize {
        self.nodes.iter().map(|n| n.to.len()).sum()
    }

    /// The number of work items.
    pub fn work_item_count(&self) -> usize {
        self.work_items.len()
    }

    /// The number of KPIs.
    pub fn kpi_count(&self) -> usize {
        self.kpis.len()
    }

    /// The model as JSON text.
    pub fn to_json(&self, layout: Layout) -> String {
        let text = match layout {
            Layout::Compact => serde_json::to_string(self),
            Layout::Pretty => serde_json::to_string_pretty(self),
        };
        // Plain structs of strings and numbers always serialize.
        text.expect("a generated model serializes")
    }
}

#[derive(Debug, Serialize)]
struct Period {
    start: i32,
    end: i32,
}

#[derive(Debug, Serialize)]
struct Section {
    id: String,
    label: String,
}

#[derive(Debug, Serialize)]
struct Node {
    id: String,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    term: Option<&'static str>,
    label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    section: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    to: Vec<Link>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    work_items: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    kpis: Vec<String>,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Link {
    Id(String),
    Detailed {
        node: String,
        rationale: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        evidence: Option<String>,
        confidence: &'static str,
    },
}

#[derive(Debug, Serialize)]
struct WorkItem {
    id: String,
    title: String,
    owners: Vec<&'static str>,
    current: String,
    ideal: String,
    schedule: BTreeMap<i32, Vec<String>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    progress: Vec<String>,
    kpis: Vec<String>,
    new_in_revision: bool,
}

#[derive(Debug, Serialize)]
struct Kpi {
    id: String,
    indicator: String,
    unit: &'static str,
    direction: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<Measurement>,
    /// Written as `null` when undecided, as planners do.
    target: Option<Measurement>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_note: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    actuals: Vec<Measurement>,
}

#[derive(Clone, Copy, Debug, Serialize)]
struct Measurement {
    year: i32,
    value: f64,
}

/// splitmix64 (Steele, Lea and Flood 2014): tiny, fast and good enough to
/// shape test data; a `rand` dependency would buy nothing here.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`). The modulo bias is irrelevant for test data.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// The columns of a section, left to right.
const COLUMNS: usize = 7;
const ASSUMPTION: usize = 0;
const INPUT: usize = 1;
const ACTIVITY: usize = 2;
const OUTPUT: usize = 3;
const SHORT: usize = 4;
const LONG: usize = 5;
const IMPACT: usize = 6;

/// Share of each column in a section, in percent (after `models/gotsu-smart-city.json`:
/// 15 assumptions, 5 inputs, 30 activities, 23 outputs, 34 outcomes, 15 impacts).
/// Each column after the inputs is no larger than the one before it, which
/// is what lets a monotone map reach every node of the next column.
const SHARES: [usize; COLUMNS] = [12, 5, 24, 19, 16, 12, 12];
const KINDS: [&str; COLUMNS] = [
    "assumption",
    "input",
    "activity",
    "output",
    "outcome",
    "outcome",
    "impact",
];
const TERMS: [Option<&str>; COLUMNS] = [None, None, None, None, Some("short"), Some("long"), None];
const ID_PREFIXES: [&str; COLUMNS] = ["as", "in", "a", "o", "oc-s", "oc-l", "im"];

/// Column sizes of a section of `n >= COLUMNS` nodes: every column has a
/// node, and activity ≥ output ≥ short ≥ long ≥ impact.
fn column_sizes(n: usize) -> [usize; COLUMNS] {
    let mut sizes = [1; COLUMNS];
    let spare = n - COLUMNS;
    for (size, share) in sizes.iter_mut().zip(SHARES) {
        *size += spare * share / 100;
    }
    // The rounding remainder goes to the activities, which keeps the order.
    sizes[ACTIVITY] += n - sizes.iter().sum::<usize>();
    sizes
}

/// Where the nodes of a section start and how many each column has.
struct SectionShape {
    index: usize,
    sizes: [usize; COLUMNS],
}

impl SectionShape {
    fn id(&self, column: usize, i: usize) -> String {
        node_id(self.index, column, i)
    }
}

fn node_id(section: usize, column: usize, i: usize) -> String {
    format!("s{section}-{}-{i}", ID_PREFIXES[column])
}

/// Generates a model; see the module documentation for its shape.
///
/// # Panics
/// If `options.nodes < MIN_NODES` or `options.section_size < MIN_NODES`.
pub fn generate(options: &Options) -> GeneratedModel {
    assert!(
        options.nodes >= MIN_NODES,
        "a model needs at least {MIN_NODES} nodes"
    );
    assert!(
        options.section_size >= MIN_NODES,
        "a section needs at least {MIN_NODES} nodes"
    );
    let mut random = Random(options.seed);
    let section_count = (options.nodes / options.section_size).max(1);
    let shapes: Vec<SectionShape> = (0..section_count)
        .map(|index| {
            let base = options.nodes / section_count;
            let extra = usize::from(index < options.nodes % section_count);
            SectionShape {
                index,
                sizes: column_sizes(base + extra),
            }
        })
        .collect();

    let mut model = GeneratedModel {
        format: 1,
        title: format!("大規模ロジックモデル（{} ノード）", options.nodes),
        description:
            "ベンチマーク用に生成したロジックモデル。A generated logic model for benchmarks."
                .to_owned(),
        revision: "第1.0版",
        issued: "2024-03-26",
        language: "ja",
        period: Period {
            start: FIRST_YEAR,
            end: LAST_YEAR,
        },
        columns: [
            ("assumption", "課題認識・仮説"),
            ("input", "だれに・どこに"),
            ("activity", "どう働きかける"),
            ("output", "まずどうなって"),
            ("outcome_short", "何が変わる（初期）"),
            ("outcome_long", "何が変わる（長期）"),
            ("impact", "ありたい姿"),
        ]
        .into_iter()
        .collect(),
        sections: Vec::with_capacity(section_count),
        nodes: Vec::with_capacity(options.nodes),
        work_items: Vec::new(),
        kpis: Vec::new(),
    };
    for shape in &shapes {
        let next = shapes.get(shape.index + 1);
        generate_section(&mut random, shape, next, &mut model);
    }
    model
}

const FIRST_YEAR: i32 = 2022;
const LAST_YEAR: i32 = 2030;

fn generate_section(
    random: &mut Random,
    shape: &SectionShape,
    next: Option<&SectionShape>,
    model: &mut GeneratedModel,
) {
    let section_id = format!("s{}", shape.index);
    model.sections.push(Section {
        id: section_id.clone(),
        label: section_label(random, shape.index),
    });
    let sizes = shape.sizes;
    for column in 0..COLUMNS {
        for i in 0..sizes[column] {
            let id = shape.id(column, i);
            let targets = targets(random, shape, next, column, i);
            let to = targets
                .into_iter()
                .map(|target| link(random, target))
                .collect();
            let (work_items, kpis) = records(random, column, &id, model);
            model.nodes.push(Node {
                label: label(random, column),
                description: random.chance(0.3).then(|| description(random)),
                kind: KINDS[column],
                term: TERMS[column],
                section: section_id.clone(),
                id,
                to,
                work_items,
                kpis,
            });
        }
    }
}

/// The targets of node `i` of `column`, each once: the mapped target, then
/// extras nearby, then long edges.
fn targets(
    random: &mut Random,
    shape: &SectionShape,
    next: Option<&SectionShape>,
    column: usize,
    i: usize,
) -> Vec<String> {
    let sizes = shape.sizes;
    let mut picked: Vec<(usize, usize)> = Vec::new();
    match column {
        ASSUMPTION => {
            picked.push((INPUT, random.below(sizes[INPUT])));
            if random.chance(0.5) {
                picked.push((INPUT, random.below(sizes[INPUT])));
            }
        }
        INPUT => {
            for _ in 0..2 + random.below(3) {
                picked.push((ACTIVITY, random.below(sizes[ACTIVITY])));
            }
        }
        IMPACT => {}
        _ => {
            let target = map(i, sizes[column], sizes[column + 1]);
            picked.push((column + 1, target));
            if random.chance(0.6) {
                picked.push((column + 1, nearby(random, target, sizes[column + 1])));
            }
            // Skip a column: activity → short-term outcome, output →
            // long-term outcome, short-term outcome → impact.
            if column + 2 <= IMPACT && random.chance(0.15) {
                picked.push((column + 2, map(i, sizes[column], sizes[column + 2])));
            }
        }
    }
    let mut ids: Vec<String> = Vec::with_capacity(picked.len() + 1);
    for (column, index) in picked {
        let id = shape.id(column, index);
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    // A few outputs feed an outcome of the next section.
    if column == OUTPUT && random.chance(0.01) {
        if let Some(next) = next {
            ids.push(next.id(SHORT, random.below(next.sizes[SHORT])));
        }
    }
    ids
}

/// Maps position `i` of a column of `from` nodes onto a column of `to <= from`
/// nodes so that every target gets at least one source.
fn map(i: usize, from: usize, to: usize) -> usize {
    i * to / from
}

fn nearby(random: &mut Random, target: usize, size: usize) -> usize {
    let low = target.saturating_sub(2);
    let high = (target + 3).min(size);
    low + random.below(high - low)
}

fn link(random: &mut Random, target: String) -> Link {
    if !random.chance(0.1) {
        return Link::Id(target);
    }
    Link::Detailed {
        node: target,
        rationale: sentence(random, 20),
        evidence: random.chance(0.5).then(|| {
            format!(
                "{}年度{}",
                random.pick(&[2021, 2022, 2023]),
                random.pick(EVIDENCE)
            )
        }),
        confidence: random.pick(&["low", "medium", "high"]),
    }
}

/// Work items and KPIs of a node: a work item for 80% of activities, a KPI
/// for some long-term outcomes and impacts.
fn records(
    random: &mut Random,
    column: usize,
    id: &str,
    model: &mut GeneratedModel,
) -> (Vec<String>, Vec<String>) {
    match column {
        ACTIVITY if random.chance(0.8) => {
            let item_id = format!("wi-{id}");
            let kpis = (0..1 + usize::from(random.chance(0.2)))
                .map(|k| add_kpi(random, format!("kpi-{id}-{k}"), model))
                .collect();
            let item = work_item(random, item_id.clone(), kpis);
            model.work_items.push(item);
            (vec![item_id], Vec::new())
        }
        LONG | IMPACT if random.chance(0.25) => {
            let kpi = add_kpi(random, format!("kpi-{id}"), model);
            (Vec::new(), vec![kpi])
        }
        _ => (Vec::new(), Vec::new()),
    }
}

fn work_item(random: &mut Random, id: String, kpis: Vec<String>) -> WorkItem {
    let first = FIRST_YEAR + 1 + random.below(3) as i32;
    let years = 2 + random.below(3) as i32;
    let schedule = (first..first + years)
        .map(|year| {
            let steps = (0..1 + random.below(2))
                .map(|_| random.pick(STEPS).to_owned())
                .collect();
            (year, steps)
        })
        .collect();
    let owner_count = 1 + random.below(2);
    WorkItem {
        title: label(random, ACTIVITY),
        owners: (0..owner_count).map(|_| random.pick(DEPARTMENTS)).collect(),
        current: sentence(random, 20),
        ideal: sentence(random, 30),
        schedule,
        progress: (0..random.below(3)).map(|_| sentence(random, 12)).collect(),
        new_in_revision: random.chance(0.1),
        id,
        kpis,
    }
}

/// Adds a KPI to the model and returns its id. 5% have no target yet.
fn add_kpi(random: &mut Random, id: String, model: &mut GeneratedModel) -> String {
    let (unit, scale) = random.pick(UNITS);
    let baseline_year = FIRST_YEAR + random.below(2) as i32;
    let baseline = (random.below(1000) as f64 / 10.0) * scale;
    let decided = random.chance(0.95);
    let target = decided.then(|| Measurement {
        year: LAST_YEAR - random.below(4) as i32,
        value: (baseline * 1.5 + 10.0 * scale).round(),
    });
    let actuals = (0..random.below(4))
        .map(|k| Measurement {
            year: baseline_year + 1 + k as i32,
            value: (baseline * (1.0 + 0.1 * k as f64)).round(),
        })
        .collect();
    model.kpis.push(Kpi {
        id: id.clone(),
        indicator: format!("{}の{}", random.pick(TOPICS_JA), random.pick(INDICATORS)),
        unit,
        direction: if random.chance(0.85) {
            "increase"
        } else {
            "decrease"
        },
        baseline: random.chance(0.8).then_some(Measurement {
            year: baseline_year,
            value: baseline,
        }),
        target,
        target_note: (!decided).then_some("未決定"),
        actuals,
    });
    id
}

/// A box label of 5–48 characters (22 on average): 60% Japanese, 40% English, as in
/// plans that mix the two (program names, acronyms).
fn label(random: &mut Random, column: usize) -> String {
    if random.chance(0.6) {
        let topic = random.pick(TOPICS_JA);
        let subject = random.pick(SUBJECTS_JA);
        match column {
            ASSUMPTION => format!(
                "{subject}にとって{topic}{}",
                random.pick(&["が不便", "の情報が届かない", "の担い手が不足"])
            ),
            INPUT => format!("{subject}・{}", random.pick(SUBJECTS_JA)),
            ACTIVITY => format!("{subject}向け{topic}{}", random.pick(ACTIONS_JA)),
            OUTPUT => format!("{topic}{}", random.pick(OUTPUTS_JA)),
            SHORT | LONG => format!("{subject}の{topic}{}", random.pick(OUTCOMES_JA)),
            _ => format!("{}まち", random.pick(IMPACTS_JA)),
        }
    } else {
        let topic = random.pick(TOPICS_EN);
        let subject = random.pick(SUBJECTS_EN);
        match column {
            ASSUMPTION => format!("{topic} is hard for {subject}"),
            INPUT => format!("{subject} and partners"),
            ACTIVITY => format!("{} {topic} for {subject}", random.pick(ACTIONS_EN)),
            OUTPUT => format!("{topic} {}", random.pick(OUTPUTS_EN)),
            SHORT | LONG => format!("{subject} {}", random.pick(OUTCOMES_EN)),
            _ => format!("A town where {subject} thrive"),
        }
    }
}

fn section_label(random: &mut Random, index: usize) -> String {
    format!("{}. {}に関すること", index + 1, random.pick(TOPICS_JA))
}

/// A sentence of at least `min_chars` characters, made of clauses.
fn sentence(random: &mut Random, min_chars: usize) -> String {
    let mut text = String::new();
    while text.chars().count() < min_chars {
        if !text.is_empty() {
            text.push('、');
        }
        text.push_str(random.pick(SUBJECTS_JA));
        text.push('の');
        text.push_str(random.pick(TOPICS_JA));
        text.push_str(random.pick(OUTCOMES_JA));
    }
    text.push('。');
    text
}

fn description(random: &mut Random) -> String {
    format!("備考：{}", sentence(random, 40))
}

const SUBJECTS_JA: &[&str] = &[
    "市民",
    "高齢者",
    "子育て世帯",
    "事業者",
    "職員",
    "地域団体",
    "学校",
    "観光客",
    "移住希望者",
    "農業者",
    "障がいのある人",
    "若者",
];
const TOPICS_JA: &[&str] = &[
    "オンライン申請",
    "窓口手続",
    "デジタル人材",
    "地域交通",
    "防災情報",
    "健康づくり",
    "キャッシュレス決済",
    "データ連携",
    "テレワーク",
    "マイナンバーカード",
    "公共施設予約",
    "子育て支援",
    "観光情報発信",
    "スマート農業",
    "ごみ収集",
    "電子契約",
];
const ACTIONS_JA: &[&str] = &[
    "の導入",
    "の推進",
    "の試行",
    "の拡充",
    "を支援する",
    "の研修を実施する",
];
const OUTPUTS_JA: &[&str] = &[
    "が利用できるようになる",
    "の件数が増える",
    "が整備される",
    "の利用者が増える",
];
const OUTCOMES_JA: &[&str] = &[
    "の負担が減る",
    "の満足度が高まる",
    "の時間が短縮される",
    "が身近になる",
];
const IMPACTS_JA: &[&str] = &[
    "誰もが安心して暮らせる",
    "全職員ができることから行動に移す",
    "若者が住み続けたいと思う",
    "デジタルで便利に暮らせる",
];
const SUBJECTS_EN: &[&str] = &[
    "residents",
    "older people",
    "families",
    "small firms",
    "staff",
    "schools",
    "visitors",
];
const TOPICS_EN: &[&str] = &[
    "online forms",
    "counter services",
    "local transport",
    "disaster alerts",
    "cashless payment",
    "open data",
    "remote work",
];
const ACTIONS_EN: &[&str] = &["Introduce", "Pilot", "Expand", "Train staff on"];
const OUTPUTS_EN: &[&str] = &[
    "are available",
    "used more often",
    "in place in every office",
];
const OUTCOMES_EN: &[&str] = &[
    "spend less time on paperwork",
    "are more satisfied",
    "get help sooner",
];
const DEPARTMENTS: &[&str] = &[
    "政策企画課",
    "窓口担当課",
    "情報政策課",
    "総務課",
    "子育て支援課",
    "商工観光課",
    "農林水産課",
    "防災安全課",
];
const STEPS: &[&str] = &[
    "先進自治体視察",
    "システムの検討",
    "システムの導入",
    "試行",
    "本格運用",
    "効果検証",
    "対象業務の拡大",
];
const EVIDENCE: &[&str] = &[
    "市民アンケート",
    "先行自治体の事例",
    "実証事業の結果",
    "国の統計",
];
const INDICATORS: &[&str] = &["利用者数", "満足度", "処理時間", "実施件数", "参加率"];
const UNITS: &[(&str, f64)] = &[
    ("%", 1.0),
    ("件", 10.0),
    ("人", 100.0),
    ("分", 1.0),
    ("回", 1.0),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_sizes_add_up_and_shrink_to_the_right() {
        for n in [7, 8, 20, 249, 250, 251, 1000] {
            let sizes = column_sizes(n);
            assert_eq!(sizes.iter().sum::<usize>(), n);
            assert!(sizes.iter().all(|&s| s >= 1));
            assert!(
                sizes[ACTIVITY..].windows(2).all(|w| w[0] >= w[1]),
                "{n}: {sizes:?}"
            );
        }
    }

    #[test]
    fn the_monotone_map_reaches_every_target() {
        for (from, to) in [(10, 10), (10, 3), (24, 19), (1, 1), (5, 1)] {
            let mut hit = vec![false; to];
            for i in 0..from {
                hit[map(i, from, to)] = true;
            }
            assert!(hit.iter().all(|&h| h), "{from} → {to}");
        }
    }
}
