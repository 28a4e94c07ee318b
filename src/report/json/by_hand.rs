//! A finding of `weir diff`'s `changes` array written by hand: the bytes its derived
//! `Serialize` writes through the same writer, without a serde call for each of its twenty
//! keys and values, and each key's line (its break, indentation and name) made beforehand
//! and written in one piece. A big diff's report is thousands of findings (GitHub's 2,069
//! were 21.3 M instructions through serde, most of it the calls around each key rather
//! than its bytes). `weir log` and the gate's value still go through the derived
//! `Serialize`; the test below holds the two to the same bytes, and a field added to
//! [`JsonFinding`] must be written here too.

use std::io::Write;

use serde::Serialize;

use super::{FileName, JsonFinding, JsonLocation};
use crate::report::pretty_writer::PrettyWriter;

/// The line a key of a finding stands on in the `changes` array, three levels deep.
macro_rules! finding_key {
    ($key:literal) => {
        concat!(",\n      \"", $key, "\": ")
    };
}

/// The line a key of a finding's place, or an element of its operations, stands on: four
/// levels deep.
macro_rules! inner_key {
    ($key:literal) => {
        concat!(",\n        \"", $key, "\": ")
    };
}

impl JsonFinding<'_> {
    /// The finding as its `Serialize` writes it with `w`, standing where the `changes` array
    /// of a report holds it (two levels deep): keys in the same order, the same ones left out.
    pub(super) fn write<W: Write>(&self, w: &mut PrettyWriter<W>) -> serde_json::Result<()> {
        let mut o = w.object()?;
        if let Some(adjustments) = &self.adjustments {
            adjustments.serialize(o.next_at(finding_key!("adjustments"))?)?;
        }
        if let Some(after) = self.after {
            o.next_at(finding_key!("after"))?.string(after)?;
        }
        location(o.next_at(finding_key!("base"))?, self.base.as_ref())?;
        if let Some(before) = self.before {
            o.next_at(finding_key!("before"))?.string(before)?;
        }
        o.next_at(finding_key!("bump"))?.word(self.bump)?;
        if let Some(consumers) = self.consumers {
            consumers.serialize(o.next_at(finding_key!("consumers"))?)?;
        }
        o.next_at(finding_key!("context"))?.word(self.context)?;
        o.next_at(finding_key!("direction"))?.word(self.direction)?;
        o.next_at(finding_key!("fingerprint"))?
            .string(self.fingerprint)?;
        o.next_at(finding_key!("kind"))?.word(self.kind)?;
        o.next_at(finding_key!("level"))?.word(self.level)?;
        o.next_at(finding_key!("message"))?.string(self.message)?;
        if let Some(name) = self.name {
            o.next_at(finding_key!("name"))?.string(name)?;
        }
        if !self.names.is_empty() {
            self.names.serialize(o.next_at(finding_key!("names"))?)?;
        }
        if let Some(note) = self.note {
            o.next_at(finding_key!("note"))?.string(note)?;
        }
        if let Some(operation) = self.operation {
            o.next_at(finding_key!("operation"))?.raw(operation.get())?;
        }
        let mut operations = o.next_at(finding_key!("operations"))?.array()?;
        for label in self.operations.0 {
            operations
                .next_at(",\n        ")?
                .raw(label.label_json().get())?;
        }
        operations.close()?;
        o.next_at(finding_key!("path"))?.string(self.path)?;
        location(o.next_at(finding_key!("revision"))?, self.revision.as_ref())?;
        o.next_at(finding_key!("rule"))?.string(self.rule)?;
        if let Some(witness) = &self.witness {
            witness.serialize(o.next_at(finding_key!("witness"))?)?;
        }
        o.close()
    }
}

/// A finding's place as [`JsonLocation`]'s `Serialize` writes it, `null` for none.
fn location<W: Write>(
    w: &mut PrettyWriter<W>,
    at: Option<&JsonLocation<'_>>,
) -> serde_json::Result<()> {
    let Some(at) = at else {
        return w.null();
    };
    let mut o = w.object()?;
    at.column.serialize(o.next_at(inner_key!("column"))?)?;
    let file = o.next_at(inner_key!("file"))?;
    match at.file {
        FileName::Written(json) => file.raw(json.get())?,
        FileName::Text(name) => file.string(name)?,
    }
    at.line.serialize(o.next_at(inner_key!("line"))?)?;
    o.next_at(inner_key!("pointer"))?.string(at.pointer)?;
    o.close()
}

#[cfg(test)]
mod tests {
    use serde::Serialize;
    use serde_json::value::{RawValue, to_raw_value};

    use super::super::{FileName, JsonAdjustment, JsonFinding, JsonLocation, JsonWitness, Labels};
    use super::PrettyWriter;
    use crate::diff::value::clean_run;
    use crate::vocabulary::{
        Bump, Context, Direction, Kind, Level, Location, Method, OperationId, Witness,
    };

    /// The words written as they are ([`PrettyWriter::word`]) need no escape.
    #[test]
    fn the_words_written_as_they_are_need_no_escape() {
        let kinds = Kind::ALL.iter().map(|k| k.as_str());
        let levels = [Level::Info, Level::Warning, Level::Breaking].map(Level::as_str);
        let bumps = [Bump::None, Bump::Patch, Bump::Minor, Bump::Major].map(Bump::as_str);
        let contexts = Context::ALL.map(Context::as_str);
        let directions = [Direction::Request, Direction::Response, Direction::None];
        let words = kinds
            .chain(levels)
            .chain(bumps)
            .chain(contexts)
            .chain(directions.map(Direction::as_str));
        for word in words {
            assert_eq!(clean_run(word.as_bytes()), word.len(), "{word}");
        }
    }

    /// The bytes of `f` written at a report's level, by hand and by `Serialize`.
    fn both(f: &JsonFinding<'_>) -> (String, String) {
        let mut by_hand = Vec::new();
        f.write(&mut PrettyWriter::at(&mut by_hand, 2)).unwrap();
        let mut derived = Vec::new();
        f.serialize(&mut PrettyWriter::at(&mut derived, 2)).unwrap();
        (
            String::from_utf8(by_hand).unwrap(),
            String::from_utf8(derived).unwrap(),
        )
    }

    /// Every field set, then every field that can be left out left out: each key is
    /// compared, written and not.
    #[test]
    fn a_finding_by_hand_is_its_serialize() {
        let at = Location {
            file: "api/open\"api\".yaml".into(),
            line: 12,
            column: 7,
            pointer: "/paths/~1pets/get".into(),
        };
        let witness = Witness {
            found: true,
            operation: Some(OperationId::endpoint(Method::Get, "/pets")),
            part: Some("request body application/json".into()),
            payload: Some(serde_json::json!({"b": 1, "a": [null, {"c": "d"}]})),
            pointer: Some("/a".into()),
            valid_in: Some("base"),
            invalid_in: Some("revision"),
            reason: "type".into(),
            schema: Some(at.clone()),
            direction: Direction::Request,
        };
        let operations = [
            OperationId::endpoint(Method::Get, "/pets"),
            OperationId::endpoint(Method::Post, "/pets/{id}"),
        ];
        let consumers = ["web".to_string(), "mobile\n".to_string()];
        let names = ["a".to_string(), "b".to_string()];
        let file: Box<RawValue> = to_raw_value("api/open\"api\".yaml").unwrap();
        let full = JsonFinding {
            adjustments: Some(vec![JsonAdjustment {
                from: super::super::LevelBump {
                    bump: "major",
                    level: "breaking",
                },
                reason: "unstable",
                stage: "policy",
                to: super::super::LevelBump {
                    bump: "patch",
                    level: "info",
                },
            }]),
            after: Some("new\ttext"),
            base: Some(JsonLocation {
                column: at.column,
                file: FileName::Written(&file),
                line: at.line,
                pointer: &at.pointer,
            }),
            before: Some("old \u{1} text"),
            bump: "major",
            consumers: Some(&consumers),
            context: "request",
            direction: "request",
            fingerprint: "0123456789abcdef",
            kind: "property.removed",
            level: "breaking",
            message: "property \"id\" removed",
            name: Some("id"),
            names: &names,
            note: Some("a note"),
            operation: Some(operations[0].label_json()),
            operations: Labels(&operations),
            path: "request body .id",
            revision: Some(JsonLocation::of(&at)),
            rule: "property-removed",
            witness: Some(JsonWitness::of(&witness)),
        };
        let (by_hand, derived) = both(&full);
        assert_eq!(by_hand, derived);
        let bare = JsonFinding {
            adjustments: None,
            after: None,
            base: None,
            before: None,
            consumers: None,
            name: None,
            names: &[],
            note: None,
            operation: None,
            operations: Labels(&[]),
            revision: None,
            witness: None,
            ..full
        };
        let (by_hand, derived) = both(&bare);
        assert_eq!(by_hand, derived);
    }
}
