//! The SVG writer's pen: elements, attributes, numbers and text appended to
//! one `String` as the drawing is walked, instead of a tree of owned
//! elements serialised at the end (which spent about a third of its time in
//! the allocator and held most of a render's memory, `docs/performance.md`,
//! "The SVG writer").
//!
//! The text it writes is laid out as the `svg` crate it replaced laid it
//! out, so drawings stay byte-identical: every element starts on a line of
//! its own and closes itself when it is empty (`<defs/>`); text written with
//! [`Writer::text`] stays on its element's line (`<title>x</title>`), text
//! written with [`Writer::line`] gets a line of its own, and so does the end
//! tag after it. Attributes are written in the order given, which callers
//! keep to the byte order of the names (the order the crate sorted them
//! into, and Canonical XML's); debug builds check it.
//!
//! What it must not do: escape any other way than [`crate::escape`], or know
//! what it draws.

use std::fmt::Write as _;

use crate::escape;

/// Free bytes kept in the buffer before an element or a text is written:
/// more than an element's tag and attributes ever take, so that they never
/// make the buffer double.
const HEADROOM: usize = 4096;

/// An XML document being written into one buffer.
pub(crate) struct Writer {
    out: String,
    /// The open elements, innermost last.
    open: Vec<&'static str>,
    /// The innermost element's start tag still takes attributes (no `>` yet).
    in_start_tag: bool,
    /// What the innermost element holds so far ends in [`Writer::text`]:
    /// its end tag follows on the same line.
    ends_in_text: bool,
    /// The last attribute written into the open start tag.
    last_attribute: &'static str,
}

impl Writer {
    /// A writer whose buffer has room for `capacity` bytes.
    pub(crate) fn with_capacity(capacity: usize) -> Writer {
        Writer {
            out: String::with_capacity(capacity),
            open: Vec::with_capacity(8),
            in_start_tag: false,
            ends_in_text: false,
            last_attribute: "",
        }
    }

    /// Keeps room for `bytes` more and [`HEADROOM`], growing the buffer by
    /// an eighth at a time rather than doubling it: when the estimate given
    /// to [`Writer::with_capacity`] falls short, the drawing holds 12.5 %
    /// more memory than it needs, not up to 100 % (large buffers are
    /// `mremap`ped, not copied, when they grow).
    fn keep_room(&mut self, bytes: usize) {
        let needed = bytes + HEADROOM;
        if self.out.capacity() - self.out.len() < needed {
            self.out.reserve_exact(needed.max(self.out.capacity() / 8));
        }
    }

    /// Opens element `tag` on a line of its own.
    pub(crate) fn open(&mut self, tag: &'static str) {
        self.keep_room(0);
        if !self.open.is_empty() {
            self.end_start_tag();
            self.out.push('\n');
        }
        self.start(tag);
    }

    /// Opens element `tag` right after what precedes it, with no line break
    /// (the `<tspan>`s of a label: a line break between them is a space that
    /// shifts centred text).
    pub(crate) fn open_inline(&mut self, tag: &'static str) {
        self.keep_room(0);
        self.end_start_tag();
        self.start(tag);
    }

    fn start(&mut self, tag: &'static str) {
        self.out.push('<');
        self.out.push_str(tag);
        self.open.push(tag);
        self.in_start_tag = true;
        self.ends_in_text = false;
        self.last_attribute = "";
    }

    /// Closes the innermost element: `/>` when it is empty.
    pub(crate) fn close(&mut self) {
        let Some(tag) = self.open.pop() else {
            debug_assert!(false, "close without an open element");
            return;
        };
        if self.in_start_tag {
            self.out.push_str("/>");
        } else {
            if !self.ends_in_text {
                self.out.push('\n');
            }
            self.out.push_str("</");
            self.out.push_str(tag);
            self.out.push('>');
        }
        // What encloses it now ends in an element.
        self.in_start_tag = false;
        self.ends_in_text = false;
    }

    /// Text, escaped, right after what precedes it.
    pub(crate) fn text(&mut self, text: &str) {
        self.keep_room(text.len());
        self.end_start_tag();
        escape::push_xml(&mut self.out, text);
        self.ends_in_text = true;
    }

    /// Text, escaped, on a line of its own.
    pub(crate) fn line(&mut self, text: &str) {
        self.keep_room(text.len());
        self.end_start_tag();
        self.out.push('\n');
        escape::push_xml(&mut self.out, text);
        self.ends_in_text = false;
    }

    /// The document, with a final line break.
    pub(crate) fn finish(mut self) -> String {
        debug_assert!(self.open.is_empty(), "unclosed {:?}", self.open);
        self.out.push('\n');
        self.out
    }

    fn end_start_tag(&mut self) {
        if self.in_start_tag {
            self.out.push('>');
            self.in_start_tag = false;
        }
    }

    /// Writes ` name="`; the caller writes the value and the closing quote.
    fn attribute_start(&mut self, name: &'static str) {
        debug_assert!(self.in_start_tag, "attribute {name} outside a start tag");
        debug_assert!(
            name > self.last_attribute,
            "attribute {name} after {} in <{}>: keep names in byte order",
            self.last_attribute,
            self.open.last().copied().unwrap_or_default()
        );
        self.last_attribute = name;
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
    }

    /// An attribute; `value` is escaped.
    pub(crate) fn attr(&mut self, name: &'static str, value: &str) {
        self.attr_concat(name, &[value]);
    }

    /// An attribute whose value is `parts` one after the other, each escaped
    /// (`node-` and an id).
    pub(crate) fn attr_concat(&mut self, name: &'static str, parts: &[&str]) {
        self.attribute_start(name);
        for part in parts {
            escape::push_xml(&mut self.out, part);
        }
        self.out.push('"');
    }

    /// A list of words (a `class`): the non-empty `tokens`, escaped, between
    /// single spaces.
    pub(crate) fn attr_tokens(&mut self, name: &'static str, tokens: &[&str]) {
        self.attribute_start(name);
        let mut first = true;
        for token in tokens.iter().filter(|t| !t.is_empty()) {
            if !first {
                self.out.push(' ');
            }
            first = false;
            escape::push_xml(&mut self.out, token);
        }
        self.out.push('"');
    }

    /// An attribute holding a number, written as [`push_num`] writes it.
    pub(crate) fn attr_num(&mut self, name: &'static str, value: f64) {
        self.attr_nums(name, &[value]);
    }

    /// An attribute holding numbers between single spaces (a `viewBox`).
    pub(crate) fn attr_nums(&mut self, name: &'static str, values: &[f64]) {
        self.attribute_start(name);
        for (i, &value) in values.iter().enumerate() {
            if i > 0 {
                self.out.push(' ');
            }
            push_num(&mut self.out, value);
        }
        self.out.push('"');
    }

    /// An attribute holding path data, written by `draw`.
    pub(crate) fn attr_path(&mut self, name: &'static str, draw: impl FnOnce(&mut PathData<'_>)) {
        self.attribute_start(name);
        draw(&mut PathData {
            out: &mut self.out,
            first: true,
        });
        self.out.push('"');
    }

    /// An attribute whose value is one of our constants, already escaped
    /// (model text is never `'static`).
    pub(crate) fn attr_verbatim(&mut self, name: &'static str, escaped: &'static str) {
        self.attribute_start(name);
        self.out.push_str(escaped);
        self.out.push('"');
    }
}

/// The value of a path's `d` being written: commands between single spaces,
/// numbers as [`push_num`] writes them.
pub(crate) struct PathData<'a> {
    out: &'a mut String,
    first: bool,
}

impl PathData<'_> {
    fn command(&mut self, letter: char) {
        if !self.first {
            self.out.push(' ');
        }
        self.first = false;
        self.out.push(letter);
    }

    fn point(&mut self, x: f64, y: f64) {
        push_num(self.out, x);
        self.out.push(' ');
        push_num(self.out, y);
    }

    /// `M x y`.
    pub(crate) fn move_to(&mut self, x: f64, y: f64) -> &mut Self {
        self.command('M');
        self.point(x, y);
        self
    }

    /// `L x y`.
    pub(crate) fn line_to(&mut self, x: f64, y: f64) -> &mut Self {
        self.command('L');
        self.point(x, y);
        self
    }

    /// `H x`.
    pub(crate) fn horizontal_to(&mut self, x: f64) -> &mut Self {
        self.command('H');
        push_num(self.out, x);
        self
    }

    /// `V y`.
    pub(crate) fn vertical_to(&mut self, y: f64) -> &mut Self {
        self.command('V');
        push_num(self.out, y);
        self
    }

    /// `C` with two control points and an end point, each `(x, y)`.
    pub(crate) fn cubic_to(&mut self, c1: (f64, f64), c2: (f64, f64), to: (f64, f64)) -> &mut Self {
        self.command('C');
        self.point(c1.0, c1.1);
        self.out.push(' ');
        self.point(c2.0, c2.1);
        self.out.push(' ');
        self.point(to.0, to.1);
        self
    }

    /// `a r r 0 1 0 dx 0`: the larger arc of radius `r`, counter-clockwise,
    /// to `dx` further right (two make a circle).
    pub(crate) fn arc_by(&mut self, r: f64, dx: f64) -> &mut Self {
        self.command('a');
        self.point(r, r);
        self.out.push_str(" 0 1 0 ");
        push_num(self.out, dx);
        self.out.push_str(" 0");
        self
    }

    /// `Z`.
    pub(crate) fn close(&mut self) -> &mut Self {
        self.command('Z');
        self
    }
}

/// Appends `value` with at most two decimals and no trailing zeros (`-0` is
/// `0`, so is what is not finite): what `format!("{:.2}")` of the value
/// rounded to hundredths gives once its trailing zeros are cut, without
/// the float formatter (Grisu, then Dragon on its exact path) or a `String`.
pub fn push_num(out: &mut String, value: f64) {
    let hundredths = (value * 100.0).round();
    if hundredths == 0.0 || !hundredths.is_finite() {
        out.push('0');
        return;
    }
    // Below 1e15 hundredths, the float `hundredths / 100` lies within a
    // thousandth of its decimal value, so its two-decimal rounding is
    // exactly the integer's digits; coordinates never come near this.
    if hundredths.abs() < 1e15 {
        // Exact: an integer below 2^53.
        let hundredths = hundredths as i64;
        if hundredths < 0 {
            out.push('-');
        }
        let (whole, fraction) = (
            hundredths.unsigned_abs() / 100,
            hundredths.unsigned_abs() % 100,
        );
        push_digits(out, whole);
        if fraction != 0 {
            out.push('.');
            out.push(char::from(b'0' + (fraction / 10) as u8));
            if fraction % 10 != 0 {
                out.push(char::from(b'0' + (fraction % 10) as u8));
            }
        }
        return;
    }
    let start = out.len();
    let _ = write!(out, "{:.2}", hundredths / 100.0);
    // What was written has a `.`, so this stops inside it.
    while out.len() > start && out.ends_with('0') {
        out.pop();
    }
    if out.ends_with('.') {
        out.pop();
    }
}

/// Appends the decimal digits of `n`.
fn push_digits(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // ASCII digits: always UTF-8.
    out.push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn num(value: f64) -> String {
        let mut out = String::new();
        push_num(&mut out, value);
        out
    }

    /// How numbers were written before `push_num`: the rule it must keep.
    fn formatted(value: f64) -> String {
        let rounded = (value * 100.0).round() / 100.0;
        if rounded == 0.0 || !rounded.is_finite() {
            return "0".to_owned();
        }
        let mut text = format!("{rounded:.2}");
        while text.ends_with('0') {
            text.pop();
        }
        if text.ends_with('.') {
            text.pop();
        }
        text
    }

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.256), "1.26");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(-0.5), "-0.5");
        assert_eq!(num(10.5), "10.5");
        assert_eq!(num(10.05), "10.05");
        assert_eq!(num(1200.1), "1200.1");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(f64::INFINITY), "0");
        assert_eq!(num(1e20), "100000000000000000000");
        assert_eq!(num(-1e13 - 0.25), "-10000000000000.25");
    }

    proptest! {
        #[test]
        fn numbers_are_written_as_the_formatter_writes_them(
            value in prop_oneof![
                any::<f64>(),
                -1e6..1e6f64,
                // Halfway between two hundredths, where rounding decides.
                (-100_000_000i64..100_000_000).prop_map(|n| n as f64 / 1000.0 + 0.005),
                -1e16..1e16f64,
            ]
        ) {
            prop_assert_eq!(num(value), formatted(value));
        }
    }

    /// Writes `build`'s document.
    fn document(build: impl FnOnce(&mut Writer)) -> String {
        let mut w = Writer::with_capacity(0);
        build(&mut w);
        w.finish()
    }

    #[test]
    fn elements_are_laid_out_one_a_line() {
        let svg = document(|w| {
            w.open("svg");
            w.attr("role", "img");
            w.open("title");
            w.text("T");
            w.close();
            w.open("defs");
            w.close();
            w.open("g");
            w.open("text");
            w.attr_num("x", 16.0);
            w.line("label");
            w.close();
            w.open("text");
            w.line("");
            w.line("");
            w.open_inline("tspan");
            w.attr_num("y", 1.5);
            w.text("a");
            w.close();
            w.open_inline("tspan");
            w.text("b");
            w.close();
            w.close();
            w.close();
            w.close();
        });
        assert_eq!(
            svg,
            "<svg role=\"img\">\n<title>T</title>\n<defs/>\n<g>\n<text x=\"16\">\nlabel\n</text>\n\
             <text>\n\n<tspan y=\"1.5\">a</tspan><tspan>b</tspan>\n</text>\n</g>\n</svg>\n"
        );
    }

    #[test]
    fn attribute_values_and_text_are_escaped_by_the_one_rule() {
        let svg = document(|w| {
            w.open("g");
            w.attr("class", "a\"b'c<d>&e\u{1}f\u{202E}g");
            w.attr_concat("id", &["node-", "x\"y"]);
            w.attr_tokens("role", &["node", "", "o&p"]);
            w.open("title");
            w.text("R&D <x> \"q\" it's\r\nline\ttab\u{0}\u{7F}\u{9B}\u{FFFF}");
            w.close();
            w.close();
        });
        assert_eq!(
            svg,
            "<g class=\"a&quot;b&#39;c&lt;d&gt;&amp;efg\" id=\"node-x&quot;y\" role=\"node o&amp;p\">\n\
             <title>R&amp;D &lt;x&gt; &quot;q&quot; it&#39;s\nline tab</title>\n</g>\n"
        );
        // Every attribute value and text goes through the rule the other outputs use.
        let text = "R&D <x> \"q\" it's\r\nline\ttab\u{0}\u{7F}\u{9B}\u{FFFF}";
        assert!(svg.contains(&format!("<title>{}</title>", escape::xml(text))));
    }

    #[test]
    fn path_data_is_commands_between_spaces() {
        let svg = document(|w| {
            w.open("path");
            w.attr_path("d", |d| {
                d.move_to(1.0, 2.004)
                    .line_to(-3.5, 4.0)
                    .cubic_to((1.0, 2.0), (3.0, 4.0), (5.0, 6.0))
                    .horizontal_to(7.0)
                    .vertical_to(8.0)
                    .arc_by(4.5, 9.0)
                    .close();
            });
            w.attr_nums("viewBox", &[0.0, -0.001, 10.25, 3.0]);
            w.close();
        });
        assert_eq!(
            svg,
            "<path d=\"M1 2 L-3.5 4 C1 2 3 4 5 6 H7 V8 a4.5 4.5 0 1 0 9 0 Z\" viewBox=\"0 0 10.25 3\"/>\n"
        );
    }

    #[test]
    #[should_panic(expected = "keep names in byte order")]
    #[cfg(debug_assertions)]
    fn attributes_out_of_order_are_caught_in_debug_builds() {
        document(|w| {
            w.open("rect");
            w.attr_num("y", 1.0);
            w.attr_num("x", 1.0);
            w.close();
        });
    }
}
