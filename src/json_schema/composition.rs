//! The keywords that combine schemas: `allOf` members not folded into one schema, `oneOf`,
//! `anyOf`, `not`, and the OpenAPI `discriminator` that picks one branch of a union.

use serde_json::Value;

use super::instance::Step;
use super::validate::{Validator, Violation};
use crate::model::SchemaId;
use crate::model::schema::Schema;

/// How many branches of a union refusing a value say why.
const REASONS_SHOWN: usize = 3;

impl Validator<'_> {
    pub(super) fn composition(
        &self,
        s: &Schema,
        value: &Value,
        path: &mut Vec<Step>,
        out: &mut Vec<Violation>,
        depth: u32,
    ) {
        // Folded allOf members are already part of the schema; unfolded ones apply each.
        if s.all_of_unfolded {
            for &m in &s.all_of {
                self.check(m, value, path, out, depth + 1);
            }
        }
        if let (Some(d), Value::Object(map)) = (&s.discriminator, value)
            && (!s.one_of.is_empty() || !s.any_of.is_empty())
        {
            // The discriminator picks the one branch the object is validated against.
            path.push(Step::Key(d.property_name.clone()));
            let chosen = map.get(&d.property_name).and_then(Value::as_str);
            let branch = chosen.and_then(|c| {
                self.discriminated(s)
                    .into_iter()
                    .find(|(v, _)| v == c)
                    .map(|(_, b)| b)
            });
            match (chosen, branch) {
                (_, Some(b)) => {
                    path.pop();
                    self.check(b, value, path, out, depth + 1);
                }
                (None, _) => {
                    out.push(Violation {
                        path: path.clone(),
                        keyword: "discriminator",
                        message: format!(
                            "the discriminator property `{}` is missing or not a string",
                            d.property_name
                        ),
                        at: Some(d.at),
                    });
                    path.pop();
                }
                (Some(c), None) => {
                    out.push(Violation {
                        path: path.clone(),
                        keyword: "discriminator",
                        message: format!(
                            "`{c}` names none of the schemas of the discriminator `{}`",
                            d.property_name
                        ),
                        at: Some(d.at),
                    });
                    path.pop();
                }
            }
            return;
        }
        if !s.one_of.is_empty() {
            let passing = s
                .one_of
                .iter()
                .filter(|&&b| self.sub_valid(b, value, path, depth + 1))
                .count();
            if passing != 1 {
                let message = if passing == 0 {
                    format!(
                        "matches none of the {} oneOf branches{}",
                        s.one_of.len(),
                        self.branch_reasons(&s.one_of, value, path, depth)
                    )
                } else {
                    format!("matches {passing} oneOf branches; exactly one must match")
                };
                out.push(Violation {
                    path: path.clone(),
                    keyword: "oneOf",
                    message,
                    at: s.at,
                });
            }
        }
        if !s.any_of.is_empty()
            && !s
                .any_of
                .iter()
                .any(|&b| self.sub_valid(b, value, path, depth + 1))
        {
            out.push(Violation {
                path: path.clone(),
                keyword: "anyOf",
                message: format!(
                    "matches none of the {} anyOf branches{}",
                    s.any_of.len(),
                    self.branch_reasons(&s.any_of, value, path, depth)
                ),
                at: s.at,
            });
        }
        if let Some(not) = s.not
            && self.sub_valid(not, value, path, depth + 1)
        {
            out.push(Violation {
                path: path.clone(),
                keyword: "not",
                message: "matches the schema under `not`".into(),
                at: self.spec.schema(not).at.or(s.at),
            });
        }
    }

    /// ` (branch 1: /tag: expected string, got 12; branch 2: not an object)`: why each branch refused,
    /// the first [`REASONS_SHOWN`] of them. Only the first branch's reason would name the bound
    /// of whichever branch is written first, when the one a change is about may be another
    /// (`anyOf: [≤500, ≤5000]` refusing 5001 characters is about the 5000).
    fn branch_reasons(
        &self,
        branches: &[SchemaId],
        value: &Value,
        path: &mut Vec<Step>,
        depth: u32,
    ) -> String {
        if !self.explains() {
            return String::new();
        }
        let mut reasons: Vec<String> = Vec::new();
        // A branch's first refusal may be anywhere in the value, beside the way to a focus
        // too ([`Validator::refusals_around`]): every place is judged.
        let near = self.near.replace(false);
        for (n, &b) in branches.iter().take(REASONS_SHOWN).enumerate() {
            let mut out = Vec::new();
            self.check(b, value, path, &mut out, depth + 1);
            // The union's own place goes without saying; a deeper one is named.
            if let Some(v) = out.first() {
                let why = if v.path == *path {
                    v.message.clone()
                } else {
                    v.describe()
                };
                reasons.push(format!("branch {}: {why}", n + 1));
            }
        }
        self.near.set(near);
        if reasons.is_empty() {
            return String::new();
        }
        let more = if branches.len() > REASONS_SHOWN {
            "; …"
        } else {
            ""
        };
        format!(" ({}{more})", reasons.join("; "))
    }

    /// The values a union's discriminator accepts and the branch each selects: its `mapping`,
    /// then each branch's component name. Empty without a discriminator.
    pub(crate) fn discriminated(&self, s: &Schema) -> Vec<(String, SchemaId)> {
        let Some(d) = &s.discriminator else {
            return Vec::new();
        };
        let branches: Vec<SchemaId> = s.one_of.iter().chain(&s.any_of).copied().collect();
        let name_of = |b: SchemaId| {
            let mut id = b;
            for _ in 0..8 {
                let schema = self.spec.schema(id);
                if let Some(n) = &schema.name {
                    return Some(n.clone());
                }
                match schema.all_of.as_slice() {
                    [one] => id = *one,
                    _ => return None,
                }
            }
            None
        };
        let mut out = Vec::new();
        for (value, target) in &d.mapping {
            let target = target.rsplit('/').next().unwrap_or(target);
            if let Some(&b) = branches
                .iter()
                .find(|&&b| name_of(b).as_deref() == Some(target))
            {
                out.push((value.clone(), b));
            }
        }
        for &b in &branches {
            if let Some(n) = name_of(b)
                && !out.iter().any(|(v, _)| *v == n)
            {
                out.push((n, b));
            }
        }
        out
    }
}
