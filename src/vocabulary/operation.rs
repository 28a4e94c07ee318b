//! Which operation something is about: a method and a path template, as a typed id rather
//! than a label string that every reader would have to split apart again.

use std::sync::{Arc, OnceLock};

use serde_json::value::RawValue;

/// The HTTP methods a path item can describe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// As a path item's key: `get`.
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// As people write it: `GET`.
    pub fn upper(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// Erase parameter names from a path template: `/pets/{petId}` → `/pets/{}`.
pub fn path_key(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            c if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

/// A change's operations as reports list them: the first one (the one shown, see
/// `Change::operations`), then the others sorted by label, each once. The diff hands them
/// over in runs already sorted, which a stable sort merges in one pass each.
pub fn shown_then_sorted(operations: impl IntoIterator<Item = OperationId>) -> Vec<OperationId> {
    let mut all = operations.into_iter();
    let Some(shown) = all.next() else {
        return Vec::new();
    };
    let mut rest: Vec<OperationId> = all.filter(|o| *o != shown).collect();
    rest.sort();
    rest.dedup();
    rest.insert(0, shown);
    rest
}

/// An operation a change reaches: an endpoint (`GET /pets/{petId}`) or a webhook
/// (`POST newPet (webhook)`). Its label is built once; clones share it, so attaching an
/// operation to thousands of changes copies no text. Ids compare and sort by their label,
/// the order reports list operations in; JSON carries the label.
#[derive(Clone)]
pub struct OperationId(Arc<Id>);

struct Id {
    method: Method,
    /// The path template as written (a webhook's name for a webhook).
    path: String,
    /// What pairs operations across revisions: the template with parameter names erased; a
    /// webhook's name as written.
    key: String,
    webhook: bool,
    label: String,
    /// The label as a JSON string, escaped on first asking: a big diff's JSON report writes
    /// each operation's label thousands of times.
    json: OnceLock<Box<RawValue>>,
}

impl OperationId {
    pub fn endpoint(method: Method, path: &str) -> OperationId {
        OperationId(Arc::new(Id {
            method,
            path: path.to_string(),
            key: path_key(path),
            webhook: false,
            label: format!("{} {path}", method.upper()),
            json: OnceLock::new(),
        }))
    }

    pub fn webhook(method: Method, name: &str) -> OperationId {
        OperationId(Arc::new(Id {
            method,
            path: name.to_string(),
            key: name.to_string(),
            webhook: true,
            label: format!("{} {name} (webhook)", method.upper()),
            json: OnceLock::new(),
        }))
    }

    pub fn method(&self) -> Method {
        self.0.method
    }

    /// The path template as written, or the webhook's name.
    pub fn path(&self) -> &str {
        &self.0.path
    }

    pub fn is_webhook(&self) -> bool {
        self.0.webhook
    }

    /// What pairs the operation with its counterpart in another revision (the model's
    /// `Operation::key`): the path with parameter names erased, then the method.
    pub fn key(&self) -> (&str, Method) {
        (&self.0.key, self.0.method)
    }

    /// `GET /pets/{petId}`, `POST newPet (webhook)`.
    pub fn label(&self) -> &str {
        &self.0.label
    }

    /// What tells the clones of one operation from other operations without comparing text:
    /// the address of the label they share. Not an order to show anything in: it differs
    /// from run to run.
    pub fn shared(&self) -> usize {
        Arc::as_ptr(&self.0) as usize
    }

    /// [`OperationId::label`] as JSON text (a quoted, escaped string), made once.
    pub fn label_json(&self) -> &RawValue {
        self.0.json.get_or_init(|| {
            serde_json::value::to_raw_value(&self.0.label).expect("a string serializes")
        })
    }

    /// Reading order: by what follows the method in the label (the path, and ` (webhook)`
    /// for a webhook), then by the method — `GET /pets` before `POST /pets` before
    /// `GET /pets/{id}`.
    pub fn reading_order(&self) -> (&str, &str) {
        let method = self.0.method.upper();
        (&self.0.label[method.len() + 1..], method)
    }
}

impl PartialEq for OperationId {
    fn eq(&self, other: &OperationId) -> bool {
        self.label() == other.label()
    }
}

impl Eq for OperationId {}

impl PartialOrd for OperationId {
    fn partial_cmp(&self, other: &OperationId) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OperationId {
    fn cmp(&self, other: &OperationId) -> std::cmp::Ordering {
        self.label().cmp(other.label())
    }
}

impl std::hash::Hash for OperationId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.label().hash(state);
    }
}

impl std::fmt::Display for OperationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.label())
    }
}

impl std::fmt::Debug for OperationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "OperationId({:?})", self.label())
    }
}

impl serde::Serialize for OperationId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_keys_erase_parameter_names() {
        assert_eq!(path_key("/pets/{petId}"), "/pets/{}");
        assert_eq!(
            path_key("/pets/{id}/toys/{toy}.json"),
            "/pets/{}/toys/{}.json"
        );
        assert_eq!(path_key("/pets"), "/pets");
    }

    #[test]
    fn an_id_keeps_its_parts_and_its_label() {
        let op = OperationId::endpoint(Method::Get, "/pets/{petId}");
        assert_eq!(op.label(), "GET /pets/{petId}");
        assert_eq!(op.key(), ("/pets/{}", Method::Get));
        assert_eq!(op.reading_order(), ("/pets/{petId}", "GET"));
        assert!(!op.is_webhook());
        let hook = OperationId::webhook(Method::Post, "newPet");
        assert_eq!(hook.to_string(), "POST newPet (webhook)");
        assert_eq!(hook.key(), ("newPet", Method::Post));
        assert_eq!(hook.path(), "newPet");
        assert_eq!(
            serde_json::to_string(&[op, hook]).unwrap(),
            r#"["GET /pets/{petId}","POST newPet (webhook)"]"#
        );
    }

    #[test]
    fn ids_sort_as_their_labels_and_read_by_path() {
        let mut ids = [
            OperationId::endpoint(Method::Post, "/pets"),
            OperationId::endpoint(Method::Get, "/pets/{id}"),
            OperationId::endpoint(Method::Get, "/pets"),
        ];
        ids.sort();
        let labels: Vec<&str> = ids.iter().map(OperationId::label).collect();
        assert_eq!(labels, ["GET /pets", "GET /pets/{id}", "POST /pets"]);
        ids.sort_by(|a, b| a.reading_order().cmp(&b.reading_order()));
        let labels: Vec<&str> = ids.iter().map(OperationId::label).collect();
        assert_eq!(labels, ["GET /pets", "POST /pets", "GET /pets/{id}"]);
    }
}
