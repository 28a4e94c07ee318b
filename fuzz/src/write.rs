//! Writing a generated value as JSON, flow YAML or block YAML.

use crate::input::{Style, Value};
use crate::vocabulary::{ANCHORS, KEYS, WORDS};

fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes values as JSON, flow YAML or block YAML, with a budget so inputs stay small.
struct Writer {
    style: Style,
    out: String,
    budget: usize,
}

impl Writer {
    fn scalar(&self, v: &Value) -> Option<String> {
        let word = |i: u8| WORDS[i as usize % WORDS.len()];
        Some(match v {
            Value::Word(i) => match self.style {
                Style::Json => quote(word(*i)),
                // Plain where YAML allows it, so `1.10`, `true` and `~` are read as YAML does.
                _ if word(*i)
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-".contains(c))
                    && !word(*i).is_empty() =>
                {
                    word(*i).to_string()
                }
                _ => quote(word(*i)),
            },
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => "null".into(),
            Value::Ref(_) | Value::List(_) | Value::Map(_) | Value::Anchored(..) => return None,
            Value::Alias(a) => match self.style {
                Style::Json => "null".into(),
                _ => format!("*{}", ANCHORS[*a as usize % ANCHORS.len()]),
            },
        })
    }

    fn key(i: u8) -> String {
        quote(KEYS[i as usize % KEYS.len()])
    }

    fn inline(&mut self, v: &Value) {
        self.budget = self.budget.saturating_sub(1);
        if let Some(s) = self.scalar(v) {
            self.out.push_str(&s);
            return;
        }
        if self.budget == 0 {
            self.out.push_str("null");
            return;
        }
        match v {
            Value::Ref(r) => {
                self.out.push_str("{\"$ref\": ");
                self.out.push_str(&quote(&r.text()));
                self.out.push('}');
            }
            Value::List(items) => {
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.inline(item);
                }
                self.out.push(']');
            }
            Value::Map(entries) => {
                self.out.push('{');
                for (i, (k, item)) in entries.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.out.push_str(&Self::key(*k));
                    self.out.push_str(": ");
                    self.inline(item);
                }
                self.out.push('}');
            }
            Value::Anchored(a, inner) => {
                if !matches!(self.style, Style::Json) {
                    self.out.push('&');
                    self.out.push_str(ANCHORS[*a as usize % ANCHORS.len()]);
                    self.out.push(' ');
                }
                self.inline(inner);
            }
            _ => unreachable!("scalars are written above"),
        }
    }

    fn block(&mut self, v: &Value, indent: usize) {
        self.budget = self.budget.saturating_sub(1);
        let pad = "  ".repeat(indent);
        match v {
            Value::List(items) if !items.is_empty() && self.budget > 0 => {
                for item in items {
                    self.out.push('\n');
                    self.out.push_str(&pad);
                    self.out.push('-');
                    self.block_value(item, indent + 1);
                }
            }
            Value::Map(entries) if !entries.is_empty() && self.budget > 0 => {
                for (k, item) in entries {
                    self.out.push('\n');
                    self.out.push_str(&pad);
                    self.out.push_str(&Self::key(*k));
                    self.out.push(':');
                    self.block_value(item, indent + 1);
                }
            }
            Value::Ref(r) => {
                self.out.push('\n');
                self.out.push_str(&pad);
                self.out.push_str("$ref: ");
                self.out.push_str(&quote(&r.text()));
            }
            other => {
                self.out.push(' ');
                self.inline(other);
            }
        }
    }

    fn block_value(&mut self, v: &Value, indent: usize) {
        match v {
            Value::Anchored(a, inner) => {
                self.out.push_str(" &");
                self.out.push_str(ANCHORS[*a as usize % ANCHORS.len()]);
                self.block_value(inner, indent);
            }
            Value::List(items) if !items.is_empty() => self.block(v, indent),
            Value::Map(entries) if !entries.is_empty() => self.block(v, indent),
            Value::Ref(_) => self.block(v, indent),
            other => {
                self.out.push(' ');
                self.inline(other);
            }
        }
    }
}

pub(crate) fn write(style: Style, header: &[(&str, &str)], body: &Value) -> String {
    let mut w = Writer {
        style,
        out: String::new(),
        budget: 400,
    };
    match style {
        Style::Json | Style::Flow => {
            w.out.push('{');
            for (i, (k, v)) in header.iter().enumerate() {
                if i > 0 {
                    w.out.push_str(", ");
                }
                w.out.push_str(&format!("{}: {}", quote(k), v));
            }
            if let Value::Map(entries) = body {
                for (k, v) in entries {
                    if !w.out.ends_with('{') {
                        w.out.push_str(", ");
                    }
                    w.out.push_str(&Writer::key(*k));
                    w.out.push_str(": ");
                    w.inline(v);
                }
            } else if header.is_empty() {
                w.out.clear();
                w.inline(body);
                return w.out;
            }
            w.out.push('}');
        }
        Style::Block => {
            for (k, v) in header {
                w.out.push_str(&format!("{k}: {v}\n"));
            }
            match body {
                Value::Map(_) => w.block(body, 0),
                other if header.is_empty() => w.block_value(other, 0),
                _ => {}
            }
            w.out.push('\n');
        }
    }
    w.out
}
