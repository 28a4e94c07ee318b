//! Field patterns: what a consumer reads from responses and sends in requests.
//!
//! A pattern is a JSON pointer (`/data/*/id`) or a dotted path (`data[].id`, `data.*.id`).
//! `*` is any one property or item, `[]` (or `[*]`) any item, a number an item or a key of
//! that name, and `**` anything below. A pattern names a place and everything under it:
//! reading `owner` is reading `owner.email` too.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldStep {
    Name(String),
    /// `[]`, `[*]`: any item of an array.
    Item,
    /// A number: an item at that index, or a property of that name.
    Index(String),
    /// `*`: any one property or item.
    Any,
    /// `**`: anything below (matching stops here: everything under counts).
    Deep,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// As written.
    pub text: String,
    pub steps: Vec<FieldStep>,
}

impl Pattern {
    pub fn parse(text: &str) -> Result<Pattern, String> {
        let t = text.trim();
        let steps = if let Some(pointer) = t.strip_prefix('/') {
            pointer
                .split('/')
                .map(|raw| step(&raw.replace("~1", "/").replace("~0", "~")))
                .collect()
        } else if t.is_empty() || t == "$" {
            Vec::new()
        } else {
            dotted(t.strip_prefix("$.").unwrap_or(t))?
        };
        Ok(Pattern {
            text: text.to_string(),
            steps,
        })
    }

    /// A pattern for a place in a payload (what a Pact body shows).
    pub fn of_place(steps: Vec<FieldStep>) -> Pattern {
        let mut text = String::new();
        for s in &steps {
            match s {
                FieldStep::Name(n) => {
                    if !text.is_empty() {
                        text.push('.');
                    }
                    text.push_str(n);
                }
                FieldStep::Item => text.push_str("[]"),
                FieldStep::Index(i) => {
                    text.push('.');
                    text.push_str(i);
                }
                FieldStep::Any => text.push_str(".*"),
                FieldStep::Deep => text.push_str(".**"),
            }
        }
        Pattern { text, steps }
    }
}

fn step(s: &str) -> FieldStep {
    match s {
        "*" => FieldStep::Any,
        "**" => FieldStep::Deep,
        "[]" | "[*]" => FieldStep::Item,
        _ if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            FieldStep::Index(s.to_string())
        }
        _ => FieldStep::Name(s.to_string()),
    }
}

/// `data[].owner.email`, `data[*].id`, `items[0]`.
fn dotted(t: &str) -> Result<Vec<FieldStep>, String> {
    let mut out = Vec::new();
    for part in t.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if name.is_empty() && rest.is_empty() {
            return Err(format!("`{t}` has an empty step"));
        }
        if !name.is_empty() {
            out.push(step(name));
        }
        while !rest.is_empty() {
            let Some(close) = rest.find(']') else {
                return Err(format!("`{t}`: `[` without `]`"));
            };
            let inner = &rest[1..close];
            out.push(match inner {
                "" | "*" => FieldStep::Item,
                i if i.bytes().all(|b| b.is_ascii_digit()) => FieldStep::Index(i.to_string()),
                _ => return Err(format!("`{t}`: `[{inner}]` is not an index, `[]` or `[*]`")),
            });
            rest = &rest[close + 1..];
            if !rest.is_empty() && !rest.starts_with('[') {
                return Err(format!("`{t}`: expected `.` or `[` after `]`"));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(t: &str) -> Vec<FieldStep> {
        Pattern::parse(t).unwrap().steps
    }

    #[test]
    fn pointers_and_dotted_paths_read_alike() {
        let want = vec![
            FieldStep::Name("data".into()),
            FieldStep::Item,
            FieldStep::Name("id".into()),
        ];
        assert_eq!(steps("data[].id"), want);
        assert_eq!(steps("data[*].id"), want);
        assert_eq!(steps("$.data[*].id"), want);
        assert_eq!(
            steps("/data/*/id"),
            vec![
                FieldStep::Name("data".into()),
                FieldStep::Any,
                FieldStep::Name("id".into())
            ]
        );
        assert_eq!(
            steps("a.0.b"),
            vec![
                FieldStep::Name("a".into()),
                FieldStep::Index("0".into()),
                FieldStep::Name("b".into())
            ]
        );
        assert_eq!(steps("/a~1b"), vec![FieldStep::Name("a/b".into())]);
        assert_eq!(steps(""), vec![]);
        assert_eq!(
            steps("owner.**"),
            vec![FieldStep::Name("owner".into()), FieldStep::Deep]
        );
        assert!(Pattern::parse("a..b").is_err());
        assert!(Pattern::parse("a[x]").is_err());
        assert!(Pattern::parse("a[").is_err());
    }

    #[test]
    fn places_print_as_dotted_paths() {
        let p = Pattern::of_place(vec![
            FieldStep::Name("data".into()),
            FieldStep::Item,
            FieldStep::Name("id".into()),
        ]);
        assert_eq!(p.text, "data[].id");
        assert_eq!(Pattern::parse(&p.text).unwrap().steps, p.steps);
    }
}
