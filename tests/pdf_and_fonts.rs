//! The drawings `render` makes itself, as a user gets them: PDF (fonts
//! embedded and subset, Japanese text that `pdftotext` finds, the same bytes
//! every run), SVG with text as outlines, and the choice of fonts by
//! coverage (any installed font that has the characters; `--font FILE`).
//!
//! The PDF checks read the file with poppler's `pdffonts`, `pdftotext` and
//! `pdfinfo`; the font checks use Debian's fonts-noto-cjk and
//! fonts-ipafont-gothic. CI installs them; elsewhere a test without them
//! says so and passes.

mod support;

use std::path::Path;
use std::process::{Command, Output};
use support::{logicmodel, repo_file, run, status, stderr};

fn seed() -> String {
    repo_file("models/gotsu-smart-city.json")
        .to_str()
        .expect("a UTF-8 path")
        .to_owned()
}

/// Runs with a fontconfig file that lists only `font_dirs`, as on a machine
/// where only those fonts are installed.
fn run_with_font_dirs(font_dirs: &[&Path], args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("fonts.conf");
    let dirs: String = font_dirs
        .iter()
        .map(|d| format!("<dir>{}</dir>", d.display()))
        .collect();
    std::fs::write(
        &config,
        format!("<?xml version=\"1.0\"?>\n<fontconfig>{dirs}</fontconfig>\n"),
    )
    .unwrap();
    logicmodel()
        .env("FONTCONFIG_FILE", &config)
        .args(args)
        .output()
        .expect("the logicmodel binary runs")
}

/// Whether a tool or file this test needs is missing: fine on a developer's
/// machine (the test says so and passes), a failure in CI.
fn missing(what: &str, present: bool) -> bool {
    if present {
        return false;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{what} is needed in CI (see .ci/run)"
    );
    eprintln!("skipped: {what} is not installed");
    true
}

fn have_poppler() -> bool {
    !missing(
        "poppler-utils (pdffonts, pdftotext, pdfinfo)",
        Command::new("pdffonts").arg("-v").output().is_ok(),
    )
}

const NOTO_CJK: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
const IPA_GOTHIC_DIR: &str = "/usr/share/fonts/opentype/ipafont-gothic";
const DEJAVU_DIR: &str = "/usr/share/fonts/truetype/dejavu";

fn have(path: &str) -> bool {
    !missing(path, Path::new(path).exists())
}

/// `poppler`'s output for a PDF.
fn poppler(tool: &str, pdf: &Path) -> String {
    let output = Command::new(tool)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} runs: {e}"));
    assert!(output.status.success(), "{tool}: {}", stderr(&output));
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The rows of `pdffonts`: (name, embedded, subset, has a ToUnicode map).
fn fonts_of(pdf: &Path) -> Vec<(String, bool, bool, bool)> {
    poppler("pdffonts", pdf)
        .lines()
        .skip(2)
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            // name, type words…, encoding, emb, sub, uni, object, id
            let n = fields.len();
            (
                fields[0].to_owned(),
                fields[n - 5] == "yes",
                fields[n - 4] == "yes",
                fields[n - 3] == "yes",
            )
        })
        .collect()
}

fn without_whitespace(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The seed model's title and box labels.
fn seed_labels() -> Vec<String> {
    let model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(seed()).unwrap()).unwrap();
    let mut labels = vec![model["title"].as_str().unwrap().to_owned()];
    for node in model["nodes"].as_array().unwrap() {
        labels.push(node["label"].as_str().unwrap().to_owned());
    }
    labels
}

// ---- PDF ----------------------------------------------------------------

#[test]
fn the_seed_as_pdf_embeds_subset_fonts_and_every_label_is_searchable_text() {
    if !have_poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    let out = run(&["render", &seed(), "-o", pdf.to_str().unwrap()]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));

    let fonts = fonts_of(&pdf);
    assert!(!fonts.is_empty(), "no fonts in the PDF");
    for &(ref name, embedded, subset, unicode) in &fonts {
        assert!(
            embedded && subset && unicode,
            "{name}: embedded {embedded}, subset {subset}, ToUnicode {unicode}"
        );
    }

    let text = without_whitespace(&poppler("pdftotext", &pdf));
    for label in seed_labels() {
        assert!(
            text.contains(&without_whitespace(&label)),
            "pdftotext does not find `{label}`"
        );
    }
    assert!(text.contains("市役所に来なくても簡単に申請ができる"));

    let info = poppler("pdfinfo", &pdf);
    assert!(info.contains("Pages:           1"), "{info}");
    assert!(
        info.contains("Title:           スマートシティ江津推進構想アクションプラン"),
        "{info}"
    );
}

#[test]
fn the_pdf_page_has_the_drawing_size_in_points() {
    if !have_poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    assert_eq!(
        status(&run(&["render", &seed(), "-o", pdf.to_str().unwrap()])),
        0
    );
    let svg = String::from_utf8(run(&["render", &seed(), "-o", "-"]).stdout).unwrap();
    let attribute = |name: &str| -> f64 {
        let start = svg.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        let end = start + svg[start..].find('"').unwrap();
        svg[start..end].parse().unwrap()
    };
    let (width, height) = (attribute("width") * 0.75, attribute("height") * 0.75);
    let info = poppler("pdfinfo", &pdf);
    let line = info.lines().find(|l| l.starts_with("Page size:")).unwrap();
    let numbers: Vec<f64> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert!(
        (numbers[0] - width).abs() < 0.1 && (numbers[1] - height).abs() < 0.1,
        "{line}, expected {width:.2} x {height:.2}"
    );
}

#[test]
fn the_pdf_is_byte_identical_across_runs_and_has_no_dates() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("a.pdf");
    let second = dir.path().join("b.pdf");
    for path in [&first, &second] {
        let out = run(&["render", &seed(), "-o", path.to_str().unwrap()]);
        if status(&out) == 2 && missing("a Japanese font", false) {
            return;
        }
        assert_eq!(status(&out), 0, "{}", stderr(&out));
    }
    let bytes = std::fs::read(&first).unwrap();
    assert!(bytes == std::fs::read(&second).unwrap(), "two runs differ");
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("/CreationDate") && !text.contains("/ModDate"));
    assert!(!text.contains("xmp:CreateDate"));
}

#[test]
fn text_to_paths_pdf_has_no_fonts_and_no_text() {
    if !have_poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("outlines.pdf");
    let out = run(&[
        "render",
        &seed(),
        "--text-to-paths",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert!(fonts_of(&pdf).is_empty());
    assert!(without_whitespace(&poppler("pdftotext", &pdf)).is_empty());
}

// ---- SVG ----------------------------------------------------------------

#[test]
fn text_to_paths_svg_has_no_text_element_and_keeps_the_structure() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("outlines.svg");
    let out = run(&[
        "render",
        &seed(),
        "--text-to-paths",
        "-o",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let outlined = std::fs::read_to_string(&svg).unwrap();
    let plain = String::from_utf8(run(&["render", &seed(), "-o", "-"]).stdout).unwrap();
    assert!(!outlined.contains("<text"));
    assert!(!outlined.contains("<tspan"));
    for marker in ["class=\"node ", "<title>", "data-from=", "<desc>"] {
        assert_eq!(
            outlined.matches(marker).count(),
            plain.matches(marker).count(),
            "{marker}"
        );
    }
    assert!(outlined.contains("aria-label=\"市役所に来なくても簡単に申請ができる\""));
    // Byte-identical across runs, like every other output.
    let again = dir.path().join("again.svg");
    run(&[
        "render",
        &seed(),
        "--text-to-paths",
        "-o",
        again.to_str().unwrap(),
    ]);
    assert!(outlined == std::fs::read_to_string(&again).unwrap());
}

#[test]
fn the_svg_font_stack_names_the_fonts_windows_macos_and_linux_ship() {
    let out = run(&["render", &seed(), "-o", "-"]);
    let svg = String::from_utf8(out.stdout).unwrap();
    let start = svg.find("font-family=\"").unwrap();
    let stack = &svg[start..start + svg[start..].find("\" ").unwrap()];
    for family in [
        "Noto Sans CJK JP",
        "Hiragino Kaku Gothic ProN",
        "Hiragino Sans",
        "YuGothic",
        "Yu Gothic UI",
        "BIZ UDPGothic",
        "Meiryo",
        "MS PGothic",
        "IPAexGothic",
        "IPAGothic",
    ] {
        assert!(
            stack.contains(&format!("&apos;{family}&apos;")),
            "{family}: {stack}"
        );
    }
    assert!(stack.ends_with(", sans-serif"), "{stack}");
}

// ---- fonts by coverage --------------------------------------------------

#[cfg(target_os = "linux")]
#[test]
fn a_machine_with_only_ipa_gothic_draws_png_and_pdf_with_it() {
    if !have(IPA_GOTHIC_DIR) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let ipa = Path::new(IPA_GOTHIC_DIR);
    let png = dir.path().join("plan.png");
    let out = run_with_font_dirs(
        &[ipa],
        &[
            "render",
            &seed(),
            "--scale",
            "0.5",
            "-o",
            png.to_str().unwrap(),
        ],
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    if !have_poppler() {
        return;
    }
    let pdf = dir.path().join("plan.pdf");
    let out = run_with_font_dirs(&[ipa], &["render", &seed(), "-o", pdf.to_str().unwrap()]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let fonts = fonts_of(&pdf);
    assert!(
        !fonts.is_empty() && fonts.iter().all(|(name, ..)| name.contains("IPA")),
        "{fonts:?}"
    );
    let text = without_whitespace(&poppler("pdftotext", &pdf));
    assert!(text.contains("スマートシティ江津推進構想アクションプラン"));
}

#[cfg(target_os = "linux")]
#[test]
fn without_a_japanese_font_the_error_names_the_missing_characters() {
    if !have(DEJAVU_DIR) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("plan.png");
    std::fs::write(&png, "old").unwrap();
    let out = run_with_font_dirs(
        &[Path::new(DEJAVU_DIR)],
        &["render", &seed(), "-o", png.to_str().unwrap()],
    );
    assert_eq!(status(&out), 2, "{}", stderr(&out));
    let message = stderr(&out);
    assert!(message.contains("no installed font can draw"), "{message}");
    assert!(message.contains("U+3042 'あ'"), "{message}");
    assert!(message.contains("fonts-noto-cjk"), "{message}");
    assert_eq!(
        std::fs::read_to_string(&png).unwrap(),
        "old",
        "the old file is kept"
    );

    // An English model needs no Japanese font.
    let english = repo_file("models/community-food-bank.json");
    let out = run_with_font_dirs(
        &[Path::new(DEJAVU_DIR)],
        &[
            "render",
            english.to_str().unwrap(),
            "-o",
            png.to_str().unwrap(),
        ],
    );
    assert_eq!(status(&out), 0, "{}", stderr(&out));
}

#[cfg(target_os = "linux")]
#[test]
fn a_machine_without_fonts_is_told_what_to_install() {
    let empty = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    let out = run_with_font_dirs(
        &[empty.path()],
        &["render", &seed(), "-o", pdf.to_str().unwrap()],
    );
    assert_eq!(status(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no fonts are installed"),
        "{}",
        stderr(&out)
    );
    assert!(!pdf.exists());
}

#[test]
fn font_file_is_used_for_pdf_png_and_outlines() {
    let ipa = format!("{IPA_GOTHIC_DIR}/ipagp.ttf");
    if !have(&ipa) || !have(NOTO_CJK) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("plan.png");
    let out = run(&[
        "render",
        &seed(),
        "--font",
        &ipa,
        "--scale",
        "0.5",
        "-o",
        png.to_str().unwrap(),
    ]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let svg = dir.path().join("plan.svg");
    let out = run(&[
        "render",
        &seed(),
        "--font",
        &ipa,
        "--text-to-paths",
        "-o",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert!(!std::fs::read_to_string(&svg).unwrap().contains("<text"));
    if !have_poppler() {
        return;
    }
    for (font, expected) in [(ipa.as_str(), "IPAPGothic"), (NOTO_CJK, "NotoSansCJKjp")] {
        let pdf = dir.path().join("plan.pdf");
        let out = run(&[
            "render",
            &seed(),
            "--font",
            font,
            "-o",
            pdf.to_str().unwrap(),
        ]);
        assert_eq!(status(&out), 0, "{}", stderr(&out));
        let fonts = fonts_of(&pdf);
        assert!(
            !fonts.is_empty() && fonts.iter().all(|(name, ..)| name.contains(expected)),
            "--font {font}: {fonts:?}"
        );
    }
}

#[test]
fn a_font_file_that_cannot_draw_the_text_or_is_no_font_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    let not_a_font = dir.path().join("font.ttf");
    std::fs::write(&not_a_font, b"\0\x01\0\0 this is not a font").unwrap();
    let out = run(&[
        "render",
        &seed(),
        "--font",
        not_a_font.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(status(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("is not a font file"),
        "{}",
        stderr(&out)
    );
    let out = run(&[
        "render",
        &seed(),
        "--font",
        "/no/such/font.ttf",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(status(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("/no/such/font.ttf"),
        "{}",
        stderr(&out)
    );
    assert!(!pdf.exists());

    let dejavu = format!("{DEJAVU_DIR}/DejaVuSans.ttf");
    if !have(&dejavu) {
        return;
    }
    let out = run(&[
        "render",
        &seed(),
        "--font",
        &dejavu,
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(status(&out), 2, "{}", stderr(&out));
    let message = stderr(&out);
    assert!(message.contains("DejaVuSans.ttf cannot draw"), "{message}");
    assert!(message.contains("U+3042 'あ'"), "{message}");
}

#[test]
fn font_without_an_effect_on_plain_svg_says_so() {
    let out = run(&["render", &seed(), "--font", "/no/such/font.ttf", "-o", "-"]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("--font has no effect on SVG output"));
}
