//! Finding where a value is, on the error path only.
//!
//! The reader takes positions from strings `serde_json` borrows from the
//! text; a number, a `null`, an object where a string belongs, an escaped
//! key or the end of an object has no such slice. For those, this module
//! re-reads the text structurally (strings, brackets, nothing else) to the
//! value a [`Step`] path names.
//!
//! The walk only moves forward while requests come in document order (the
//! reader's order), and remembers the containers it is inside, so all the
//! requests of one file cost O(n) together; a request behind the walk
//! starts it again from the top (correct, not fast). Nothing here runs for
//! a file whose values all have the types they should.

/// One step from a container to a value in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step<'k> {
    /// The `occurrence`-th (0-based) value of the key `name` in an object.
    Key(&'k str, usize),
    /// The element at this index of an array.
    Index(usize),
}

/// A value's key span (objects only) and value span, as (offset, length).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    pub key: Option<(usize, usize)>,
    pub value: (usize, usize),
}

/// A container the walk is inside, and its child the walk is at.
#[derive(Debug)]
struct Frame {
    object: bool,
    /// Offset just after the opening bracket.
    inner: usize,
    child: Option<Child>,
    /// How often each key has been met so far (objects).
    seen: Vec<(String, usize)>,
}

#[derive(Clone, Debug)]
struct Child {
    index: usize,
    /// The decoded key, its occurrence and its span (quotes included).
    key: Option<(String, usize, (usize, usize))>,
    value_start: usize,
}

impl Child {
    fn is(&self, step: Step<'_>) -> bool {
        match (step, &self.key) {
            (Step::Index(i), None) => i == self.index,
            (Step::Key(name, n), Some((key, occurrence, _))) => key == name && *occurrence == n,
            _ => false,
        }
    }
}

/// The walker; see the module documentation.
#[derive(Debug)]
pub(crate) struct Locator<'t> {
    text: &'t [u8],
    frames: Vec<Frame>,
}

impl<'t> Locator<'t> {
    pub(crate) fn new(text: &'t str) -> Locator<'t> {
        Locator {
            text: text.as_bytes(),
            frames: Vec::new(),
        }
    }

    /// The spans of the value at `path` below the top-level value (an empty
    /// path is the top-level value itself), or `None` if the text has no
    /// such value.
    pub(crate) fn find(&mut self, path: &[Step<'_>]) -> Option<Found> {
        if let Some(found) = self.walk(path) {
            return Some(found);
        }
        // The value is behind the walk (or missing): start again once.
        self.frames.clear();
        self.walk(path)
    }

    fn walk(&mut self, path: &[Step<'_>]) -> Option<Found> {
        let top = self.skip_whitespace(0);
        if path.is_empty() {
            return Some(Found {
                key: None,
                value: (top, self.value_end(top)? - top),
            });
        }
        if self.frames.is_empty() {
            self.frames.push(self.open(top)?);
        }
        for (level, &step) in path.iter().enumerate() {
            let here = self.frames[level]
                .child
                .as_ref()
                .is_some_and(|c| c.is(step));
            if !here {
                // Leaving the current child: the frames inside it are done.
                self.frames.truncate(level + 1);
                self.advance_to(level, step)?;
            }
            let child = self.frames[level].child.clone()?;
            if level + 1 == path.len() {
                let end = self.value_end(child.value_start)?;
                return Some(Found {
                    key: child.key.map(|(_, _, span)| span),
                    value: (child.value_start, end - child.value_start),
                });
            }
            if self.frames.len() == level + 1 {
                let frame = self.open(child.value_start)?;
                self.frames.push(frame);
            }
        }
        None
    }

    /// A frame for the container whose opening bracket is at `at`.
    fn open(&self, at: usize) -> Option<Frame> {
        let object = match self.text.get(at)? {
            b'{' => true,
            b'[' => false,
            _ => return None,
        };
        Some(Frame {
            object,
            inner: at + 1,
            child: None,
            seen: Vec::new(),
        })
    }

    /// Moves the frame at `level` forward to the child `step` names.
    fn advance_to(&mut self, level: usize, step: Step<'_>) -> Option<()> {
        loop {
            let frame = &self.frames[level];
            if frame.child.as_ref().is_some_and(|c| c.is(step)) {
                return Some(());
            }
            // The next child starts after the current one (or the bracket).
            let (mut at, index) = match &frame.child {
                None => (frame.inner, 0),
                Some(child) => {
                    let end = self.value_end(child.value_start)?;
                    let at = self.skip_whitespace(end);
                    (
                        at + usize::from(self.text.get(at) == Some(&b',')),
                        child.index + 1,
                    )
                }
            };
            at = self.skip_whitespace(at);
            if matches!(self.text.get(at)?, b'}' | b']') {
                return None;
            }
            let object = frame.object;
            let child = if object {
                let key_end = self.string_end(at)?;
                let key = self.decode_key(at, key_end);
                let frame = &mut self.frames[level];
                let occurrence = match frame.seen.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, count)) => {
                        *count += 1;
                        *count - 1
                    }
                    None => {
                        frame.seen.push((key.clone(), 1));
                        0
                    }
                };
                let colon = self.skip_whitespace(key_end);
                let value_start = self.skip_whitespace(colon + 1);
                Child {
                    index,
                    key: Some((key, occurrence, (at, key_end - at))),
                    value_start,
                }
            } else {
                Child {
                    index,
                    key: None,
                    value_start: at,
                }
            };
            self.frames[level].child = Some(child);
        }
    }

    fn decode_key(&self, start: usize, end: usize) -> String {
        let raw = &self.text[start..end];
        if !raw.contains(&b'\\') {
            return String::from_utf8_lossy(&raw[1..raw.len() - 1]).into_owned();
        }
        serde_json::from_slice(raw).unwrap_or_else(|_| String::from_utf8_lossy(raw).into_owned())
    }

    fn skip_whitespace(&self, mut at: usize) -> usize {
        while self
            .text
            .get(at)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            at += 1;
        }
        at
    }

    /// The offset after the string literal starting at `at`.
    fn string_end(&self, at: usize) -> Option<usize> {
        if self.text.get(at) != Some(&b'"') {
            return None;
        }
        let mut i = at + 1;
        loop {
            match self.text.get(i)? {
                b'"' => return Some(i + 1),
                b'\\' => i += 2,
                _ => i += 1,
            }
        }
    }

    /// The offset after the value starting at `at`. Iterative, so that
    /// deep nesting costs no stack.
    fn value_end(&self, at: usize) -> Option<usize> {
        match self.text.get(at)? {
            b'"' => self.string_end(at),
            b'{' | b'[' => {
                let mut depth = 0usize;
                let mut i = at;
                loop {
                    match self.text.get(i)? {
                        b'"' => {
                            i = self.string_end(i)?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                return Some(i + 1);
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            _ => {
                let mut i = at;
                while self.text.get(i).is_some_and(|b| {
                    !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                }) {
                    i += 1;
                }
                Some(i)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(text: &str, span: (usize, usize)) -> &str {
        &text[span.0..span.0 + span.1]
    }

    #[test]
    fn finds_values_keys_and_repeated_keys() {
        let text = r#" {"a": 1, "b": [true, {"c": "x\"y"}, null], "a": {"d": [1, 2]}} "#;
        let mut locator = Locator::new(text);
        let found = locator.find(&[Step::Key("a", 0)]).unwrap();
        assert_eq!(text_of(text, found.value), "1");
        assert_eq!(text_of(text, found.key.unwrap()), "\"a\"");
        let c = locator
            .find(&[Step::Key("b", 0), Step::Index(1), Step::Key("c", 0)])
            .unwrap();
        assert_eq!(text_of(text, c.value), r#""x\"y""#);
        let second = locator.find(&[Step::Key("a", 1)]).unwrap();
        assert_eq!(text_of(text, second.value), r#"{"d": [1, 2]}"#);
        // Behind the walk: found by starting again.
        let null = locator.find(&[Step::Key("b", 0), Step::Index(2)]).unwrap();
        assert_eq!(text_of(text, null.value), "null");
        assert_eq!(text_of(text, locator.find(&[]).unwrap().value), text.trim());
        assert_eq!(locator.find(&[Step::Key("z", 0)]), None);
        assert_eq!(locator.find(&[Step::Key("b", 0), Step::Index(3)]), None);
    }

    #[test]
    fn escaped_keys_are_compared_decoded() {
        let text = r#"{"\u0069d": "x", "id": 2}"#;
        let mut locator = Locator::new(text);
        let second = locator.find(&[Step::Key("id", 1)]).unwrap();
        assert_eq!(text_of(text, second.value), "2");
    }

    #[test]
    fn broken_text_gives_none_without_panicking() {
        for text in ["", "{", "{\"a\"", "{\"a\": [1, {", "[1, 2", "\"abc"] {
            let mut locator = Locator::new(text);
            let _ = locator.find(&[Step::Key("a", 0), Step::Index(1)]);
            let _ = locator.find(&[]);
        }
    }
}
