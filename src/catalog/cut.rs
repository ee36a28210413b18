//! Cutting a catalog file into the JSON texts of its top-level values and of
//! each procedure, a few values at a time, so that a page can cut a 100 MB
//! file between frames instead of in one long task.
//!
//! The cut reads the top-level object by hand and hands each value, and each
//! item of `procedures`, to serde_json, which checks its syntax and finds its
//! end. It gives up on anything but a well-formed object whose `procedures`
//! is a list; the caller then reads the file in one pass, which finds the
//! exact place of the first error in a broken file (and the same values in
//! a well-formed one, as a property test checks).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::value::RawValue;

/// A file's top-level values as JSON texts, with the procedures cut apart.
#[derive(Debug)]
pub struct Cut<'a> {
    /// Each key but `procedures` with its value (the last, for a key given twice).
    pub keys: BTreeMap<String, &'a RawValue>,
    /// The procedures' texts, when the file has the list.
    pub procedures: Option<Vec<&'a RawValue>>,
}

/// Where the cut has come to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Before the top-level object.
    Start,
    /// Before a key of the top-level object.
    Key,
    /// Inside the procedures; `first` before the first item.
    Items { first: bool },
    /// After a top-level value.
    AfterValue,
    /// Done: the whole file was cut.
    Done,
    /// The file is not one the cut reads.
    GaveUp,
}

/// A cut under way: [`RootCut::step`] cuts a few values at a time.
pub struct RootCut<'a> {
    text: &'a str,
    at: usize,
    stage: Stage,
    keys: BTreeMap<String, &'a RawValue>,
    procedures: Option<Vec<&'a RawValue>>,
}

impl<'a> RootCut<'a> {
    /// A cut of `text`, not started.
    pub fn new(text: &'a str) -> Self {
        RootCut {
            text,
            at: 0,
            stage: Stage::Start,
            keys: BTreeMap::new(),
            procedures: None,
        }
    }

    /// Bytes of the text cut so far.
    pub fn position(&self) -> usize {
        self.at
    }

    /// Cuts up to `count` more values; true once the cut is over, whether
    /// it went through or gave up.
    pub fn step(&mut self, count: usize) -> bool {
        for _ in 0..count {
            if matches!(self.stage, Stage::Done | Stage::GaveUp) {
                return true;
            }
            self.stage = self.next().unwrap_or(Stage::GaveUp);
        }
        matches!(self.stage, Stage::Done | Stage::GaveUp)
    }

    /// The values, once the whole file is cut; `None` when the cut gave up
    /// and the file must be read in one pass instead.
    pub fn finish(mut self) -> Option<Cut<'a>> {
        while !self.step(usize::MAX) {}
        (self.stage == Stage::Done).then_some(Cut {
            keys: self.keys,
            procedures: self.procedures,
        })
    }

    /// Takes the next step from the current stage; `None` to give up.
    fn next(&mut self) -> Option<Stage> {
        self.skip_whitespace();
        match self.stage {
            Stage::Start => {
                self.expect(b'{')?;
                self.skip_whitespace();
                if self.peek() == Some(b'}') {
                    self.at += 1;
                    return self.end();
                }
                Some(Stage::Key)
            }
            Stage::Key => {
                let key = self.key()?;
                self.skip_whitespace();
                self.expect(b':')?;
                self.skip_whitespace();
                if key == "procedures" {
                    // A second list replaces the first, as a key's last value
                    // does.
                    self.expect(b'[')?;
                    self.procedures = Some(Vec::new());
                    return Some(Stage::Items { first: true });
                }
                let value = self.value()?;
                self.keys.insert(key, value);
                Some(Stage::AfterValue)
            }
            Stage::Items { first } => {
                if first && self.peek() == Some(b']') {
                    self.at += 1;
                    return Some(Stage::AfterValue);
                }
                let item = self.value()?;
                self.procedures.as_mut()?.push(item);
                self.skip_whitespace();
                match self.peek()? {
                    b',' => {
                        self.at += 1;
                        Some(Stage::Items { first: false })
                    }
                    b']' => {
                        self.at += 1;
                        Some(Stage::AfterValue)
                    }
                    _ => None,
                }
            }
            Stage::AfterValue => match self.peek()? {
                b',' => {
                    self.at += 1;
                    Some(Stage::Key)
                }
                b'}' => {
                    self.at += 1;
                    self.end()
                }
                _ => None,
            },
            Stage::Done | Stage::GaveUp => Some(self.stage),
        }
    }

    /// After the top-level object: only whitespace may follow.
    fn end(&mut self) -> Option<Stage> {
        self.skip_whitespace();
        (self.at == self.text.len()).then_some(Stage::Done)
    }

    /// The key string at the current place, decoded.
    fn key(&mut self) -> Option<String> {
        if self.peek() != Some(b'"') {
            return None;
        }
        serde_json::from_str(self.value()?.get()).ok()
    }

    /// The JSON value at the current place, checked by serde_json.
    fn value(&mut self) -> Option<&'a RawValue> {
        let rest = self.text.get(self.at..)?;
        let mut deserializer = serde_json::Deserializer::from_str(rest);
        let value = <&'a RawValue>::deserialize(&mut deserializer).ok()?;
        let text = value.get();
        // The value's text lies within `rest`, after any whitespace.
        self.at = text.as_ptr() as usize - self.text.as_ptr() as usize + text.len();
        Some(value)
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek() == Some(byte)).then(|| self.at += 1)
    }

    fn skip_whitespace(&mut self) {
        let bytes = self.text.as_bytes();
        while matches!(bytes.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys with their values' texts, and the procedures' texts.
    type Texts = (Vec<(String, String)>, Option<Vec<String>>);

    fn cut(text: &str) -> Option<Texts> {
        let cut = RootCut::new(text).finish()?;
        Some((
            cut.keys
                .into_iter()
                .map(|(k, v)| (k, v.get().to_owned()))
                .collect(),
            cut.procedures
                .map(|items| items.iter().map(|i| i.get().to_owned()).collect()),
        ))
    }

    #[test]
    fn cuts_the_top_values_and_each_procedure() {
        let text = " {\"title\" : \"t\",\n \"procedures\": [ {\"id\": \"a\"} ,{\"id\":[1, 2]}\n], \"n\": 1.5e3 }\n";
        let (keys, procedures) = cut(text).unwrap();
        assert_eq!(
            keys,
            [
                ("n".into(), "1.5e3".into()),
                ("title".into(), "\"t\"".into())
            ]
        );
        assert_eq!(procedures.unwrap(), ["{\"id\": \"a\"}", "{\"id\":[1, 2]}"]);
    }

    #[test]
    fn empty_objects_and_lists_and_escaped_keys() {
        assert_eq!(cut("{}"), Some((vec![], None)));
        let (keys, procedures) = cut("{\"proc\\u0065dures\": [], \"a\\\"b\": null}").unwrap();
        assert_eq!(keys, [("a\"b".into(), "null".into())]);
        assert_eq!(procedures, Some(vec![]));
    }

    #[test]
    fn a_key_given_twice_keeps_its_last_value() {
        let (keys, procedures) =
            cut("{\"a\": 1, \"procedures\": [1], \"a\": 2, \"procedures\": [2, 3]}").unwrap();
        assert_eq!(keys, [("a".into(), "2".into())]);
        assert_eq!(procedures.unwrap(), ["2", "3"]);
    }

    #[test]
    fn gives_up_on_what_the_one_pass_read_must_judge() {
        for text in [
            "",
            "[]",
            "{\"procedures\": {}}",
            "{\"procedures\": [1,]}",
            "{\"procedures\": [1 2]}",
            "{\"a\": 1,}",
            "{\"a\" 1}",
            "{\"a\": 1} x",
            "{\"a\": tru}",
            "{\"a\": \"\u{1}\"}",
            "{\"a\": [1}",
            "{\"a\": 1",
        ] {
            assert_eq!(cut(text), None, "{text:?}");
        }
    }

    #[test]
    fn steps_stop_after_the_count_and_go_on_from_there() {
        let text = "{\"procedures\": [1, 2, 3, 4, 5], \"b\": true}";
        let mut cut = RootCut::new(text);
        assert!(!cut.step(2));
        let after_two = cut.position();
        assert!(after_two > 0 && after_two < text.len());
        assert!(!cut.step(3));
        assert!(cut.position() > after_two);
        let cut = cut.finish().unwrap();
        assert_eq!(cut.procedures.unwrap().len(), 5);
        assert_eq!(cut.keys["b"].get(), "true");
    }
}
