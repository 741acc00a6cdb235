//! Japanese phrase (文節) boundaries with Google's BudouX model, as Chrome's
//! `word-break: auto-phrase` finds them.
//!
//! Role in the pipeline: the line breaker ([`super::wrap_label`]) asks where
//! the phrases of a Japanese run end, so that a line breaks between
//! 「市役所での」 and 「手続きが」, never inside 「手続き」. Pure functions; the
//! model is parsed once, on first use, from the JSON shipped beside this file.
//!
//! What it must not do: break anything itself (UAX #14 and kinsoku still
//! decide where a break is allowed at all; this module only says which of
//! those places are phrase boundaries), know about widths, or load anything
//! at run time.
//!
//! # The model
//!
//! `budoux/ja.json` is BudouX's Japanese model, unchanged, from the `budoux`
//! 0.10.1 Python package (Apache License 2.0, `budoux/LICENSE`; © Google
//! LLC). It is a table of 2,850 integer weights for features of the
//! characters around a position: the single characters three before to two
//! after it (`UW1`–`UW6`), the pairs (`BW1`–`BW3`) and the triples (`TW1`–`TW4`)
//! that touch it. A position is a boundary when the weights of the features
//! present add up to more than half the sum of all weights — BudouX's parser
//! (`budoux/parser.py`, `Parser.parse`), ported here feature for feature.
//! Characters are Unicode scalar values, as in the Python parser.

use std::sync::OnceLock;

use hashbrown::HashMap;

/// BudouX's Japanese model (see the module documentation for its origin and licence).
const JAPANESE_MODEL: &str = include_str!("budoux/ja.json");

/// Feature groups in the order [`Model::groups`] holds them.
const GROUPS: [&str; 13] = [
    "UW1", "UW2", "UW3", "UW4", "UW5", "UW6", "BW1", "BW2", "BW3", "TW1", "TW2", "TW3", "TW4",
];

/// One feature group's weights, keyed by its one to three characters packed
/// into a `u64` (21 bits each; a `char` needs at most 21).
type Weights = HashMap<u64, i32>;

/// The parsed model: one weight table per feature group, and the sum of every weight.
struct Model {
    groups: [Weights; 13],
    total: i64,
}

fn pack(chars: &[char]) -> u64 {
    chars
        .iter()
        .enumerate()
        .fold(0, |key, (i, &c)| key | (u64::from(c) << (21 * i)))
}

impl Model {
    fn parse(json: &str) -> Model {
        let raw: std::collections::BTreeMap<String, std::collections::BTreeMap<String, i32>> =
            serde_json::from_str(json).expect("the shipped BudouX model is valid JSON");
        let mut groups: [Weights; 13] = Default::default();
        let mut total = 0i64;
        for (name, weights) in raw {
            let Some(group) = GROUPS.iter().position(|&g| g == name) else {
                continue;
            };
            for (feature, weight) in weights {
                let chars: Vec<char> = feature.chars().collect();
                groups[group].insert(pack(&chars), weight);
                total += i64::from(weight);
            }
        }
        Model { groups, total }
    }

    fn japanese() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| Model::parse(JAPANESE_MODEL))
    }

    fn weight(&self, group: usize, chars: &[char]) -> i64 {
        self.groups[group]
            .get(&pack(chars))
            .copied()
            .map_or(0, i64::from)
    }

    /// Whether BudouX puts a boundary before `chars[i]` (0 < i < len).
    fn is_boundary(&self, chars: &[char], i: usize) -> bool {
        let n = chars.len();
        let mut sum = 0i64;
        if i > 2 {
            sum += self.weight(0, &chars[i - 3..i - 2]);
        }
        if i > 1 {
            sum += self.weight(1, &chars[i - 2..i - 1]);
        }
        sum += self.weight(2, &chars[i - 1..i]);
        sum += self.weight(3, &chars[i..i + 1]);
        if i + 1 < n {
            sum += self.weight(4, &chars[i + 1..i + 2]);
        }
        if i + 2 < n {
            sum += self.weight(5, &chars[i + 2..i + 3]);
        }
        if i > 1 {
            sum += self.weight(6, &chars[i - 2..i]);
        }
        sum += self.weight(7, &chars[i - 1..i + 1]);
        if i + 1 < n {
            sum += self.weight(8, &chars[i..i + 2]);
        }
        if i > 2 {
            sum += self.weight(9, &chars[i - 3..i]);
        }
        if i > 1 {
            sum += self.weight(10, &chars[i - 2..i + 1]);
        }
        if i + 1 < n {
            sum += self.weight(11, &chars[i - 1..i + 2]);
        }
        if i + 2 < n {
            sum += self.weight(12, &chars[i..i + 3]);
        }
        // BudouX: base score −total/2 plus the weights present, a boundary when positive.
        2 * sum > self.total
    }
}

/// Whether `c` is written in a Japanese script (kanji, hiragana, katakana,
/// their iteration and abbreviation marks): a run of text containing such
/// a character is split into phrases by the model.
pub fn is_japanese_script(c: char) -> bool {
    matches!(c,
        '\u{3005}'..='\u{3007}' // 々 〆 〇
        | '\u{3040}'..='\u{30FF}' // hiragana, katakana
        | '\u{31F0}'..='\u{31FF}' // katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{FF66}'..='\u{FF9F}' // half-width katakana
        | '\u{20000}'..='\u{3FFFF}' // CJK extensions B and later
    )
}

/// The phrases of a Japanese `text`, as BudouX's parser returns them: the
/// text cut at every boundary the model finds. Empty text gives no phrase.
///
/// O(len(text)): thirteen table look-ups per character.
///
/// ```
/// use logicmodel::text::phrases;
/// assert_eq!(phrases("市役所での手続きが簡単になる"), ["市役所での", "手続きが", "簡単に", "なる"]);
/// assert_eq!(phrases("今日は天気です。"), ["今日は", "天気です。"]);
/// ```
pub fn phrases(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for at in phrase_boundaries(text) {
        out.push(&text[start..at]);
        start = at;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Byte offsets inside `text` (never 0 nor its length) where BudouX's
/// Japanese model puts a phrase boundary, in increasing order.
pub fn phrase_boundaries(text: &str) -> Vec<usize> {
    let model = Model::japanese();
    let (offsets, chars): (Vec<usize>, Vec<char>) = text.char_indices().unzip();
    (1..chars.len())
        .filter(|&i| model.is_boundary(&chars, i))
        .map(|i| offsets[i])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_loads_whole() {
        let model = Model::japanese();
        let features: usize = model.groups.iter().map(HashMap::len).sum();
        assert_eq!(features, 2850);
        assert_eq!(model.total, 484);
    }

    /// Segmentations printed by BudouX 0.10.1's own Python parser
    /// (`budoux.load_default_japanese_parser().parse(text)`), so the port is
    /// checked against the reference, not against itself.
    #[test]
    fn phrases_match_the_reference_parser() {
        let reference: &[(&str, &[&str])] = &[
            (
                "オンライン申請（アプリ等の活用）",
                &["オンライン申請", "（アプリ等の", "活用）"],
            ),
            (
                "市役所での手続きが簡単になる",
                &["市役所での", "手続きが", "簡単に", "なる"],
            ),
            ("①市民サービス", &["①市民サービス"]),
            ("都道府県及び", &["都道府県及び"]),
            ("がん患者", &["がん患者"]),
            (
                "がん患者の生活の質の向上",
                &["がん患者の", "生活の", "質の", "向上"],
            ),
            ("MaaSの導入", &["MaaSの", "導入"]),
            (
                "基幹系20業務の標準準拠システムへの移行",
                &["基幹系20業務の", "標準準拠システムへの", "移行"],
            ),
            ("今日は天気です。", &["今日は", "天気です。"]),
        ];
        for (text, expected) in reference {
            assert_eq!(phrases(text), *expected, "{text}");
        }
    }

    #[test]
    fn text_without_features_is_one_phrase() {
        assert_eq!(phrases("x"), ["x"]);
        assert!(phrases("").is_empty());
        assert!(phrase_boundaries("🙂🙂🙂").is_empty());
    }

    #[test]
    fn japanese_script_is_recognised() {
        for c in ['あ', 'ア', '漢', '々', 'ｱ', '𠮷'] {
            assert!(is_japanese_script(c), "{c}");
        }
        for c in ['a', '1', '①', '。', '（', ' '] {
            assert!(!is_japanese_script(c), "{c}");
        }
    }
}
