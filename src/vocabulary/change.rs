//! The change record the diff engine emits: what changed ([`Kind`]), where in the API
//! ([`Context`]), who sends the data ([`Direction`]), the facts rules match on, and both
//! places in the specs. The diff engine produces these; rules classify them.

use super::{NodeRef, OperationId};

/// Each kind of change with its name and the facts it carries: the one place that says what
/// a rule can match on. Loading a rule that names a fact its kind does not carry fails, and
/// the diff engine checks (in debug builds) that it emits only declared facts.
macro_rules! kinds {
    ($($variant:ident = $name:literal [$($fact:literal),*],)*) => {
        /// What changed. The string form (`schema.max-length`) is what rule files match.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Kind { $($variant,)* }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Kind::$variant => $name,)* }
            }

            pub fn parse(s: &str) -> Option<Kind> {
                match s { $($name => Some(Kind::$variant),)* _ => None }
            }

            /// The facts a change of this kind may carry besides [`EVERY_KIND`]'s.
            pub fn facts(self) -> &'static [&'static str] {
                match self { $(Kind::$variant => &[$($fact),*],)* }
            }
        }
    };
}

/// Facts any change may carry: `stability`, the `x-stability-level` of the operations that
/// reach it when below stable.
pub const EVERY_KIND: &[&str] = &["stability"];

impl Kind {
    /// Whether a change of this kind may carry the fact `name`.
    pub fn carries(self, name: &str) -> bool {
        EVERY_KIND.contains(&name) || self.facts().contains(&name)
    }
}

kinds! {
    InfoVersion = "info.version" ["surface"],
    InfoTitle = "info.title" ["surface"],
    ServerAdded = "server.added" ["surface"],
    ServerRemoved = "server.removed" ["surface"],
    TagAdded = "tag.added" ["surface"],
    TagRemoved = "tag.removed" ["surface"],
    SecuritySchemeAdded = "security-scheme.added" ["surface"],
    SecuritySchemeRemoved = "security-scheme.removed" ["surface"],
    SecuritySchemeType = "security-scheme.type" ["surface"],
    SecuritySchemeDetail = "security-scheme.detail" ["surface", "field", "flow"],
    SecuritySchemeFlowAdded = "security-scheme.flow-added" ["surface", "flow"],
    SecuritySchemeFlowRemoved = "security-scheme.flow-removed" ["surface", "flow"],
    SecuritySchemeScopeAdded = "security-scheme.scope-added" ["surface", "flow"],
    SecuritySchemeScopeRemoved = "security-scheme.scope-removed" ["surface", "flow"],
    OperationAdded = "operation.added" ["surface"],
    OperationRemoved = "operation.removed" ["surface", "deprecated", "sunset"],
    OperationDeprecated = "operation.deprecated" ["surface", "value"],
    OperationId = "operation.id" ["surface"],
    OperationSummary = "operation.summary" ["surface"],
    OperationDescription = "operation.description" ["surface"],
    OperationTagAdded = "operation.tag-added" ["surface"],
    OperationTagRemoved = "operation.tag-removed" ["surface"],
    OperationStability = "operation.stability" ["surface", "relation"],
    OperationSunset = "operation.sunset" ["surface", "relation", "deprecated", "item"],
    OperationExtension = "operation.extension" ["surface"],
    DocumentExtension = "document.extension" ["surface"],
    OperationServerAdded = "operation.server-added" ["surface"],
    OperationServerRemoved = "operation.server-removed" ["surface"],
    SecurityRequirementAdded = "security.requirement-added" ["surface", "was-public", "now-public"],
    SecurityRequirementRemoved = "security.requirement-removed" ["surface", "now-public"],
    SecurityRequirementRelaxed = "security.requirement-relaxed" ["surface"],
    SecurityAnonymousAdded = "security.anonymous-added" ["surface"],
    SecurityRequirementTightened = "security.requirement-tightened" ["surface"],
    SecurityScopeAdded = "security.scope-added" ["surface"],
    SecurityScopeRemoved = "security.scope-removed" ["surface"],
    CallbackAdded = "callback.added" ["surface"],
    CallbackRemoved = "callback.removed" ["surface"],
    WebhookAdded = "webhook.added" ["surface"],
    WebhookRemoved = "webhook.removed" ["surface", "deprecated", "sunset"],
    ParameterAdded = "parameter.added" ["surface", "location", "required"],
    ParameterRemoved = "parameter.removed" ["surface", "location", "required", "deprecated"],
    ParameterRequired = "parameter.required" ["surface", "location", "value"],
    ParameterLocation = "parameter.location" ["surface", "required"],
    ParameterStyle = "parameter.style" ["surface", "location", "defined"],
    ParameterExplode = "parameter.explode" ["surface", "location", "value"],
    ParameterDeprecated = "parameter.deprecated" ["surface", "location", "value"],
    ParameterAllowEmptyValue = "parameter.allow-empty-value" ["surface", "location", "value"],
    ParameterAllowReserved = "parameter.allow-reserved" ["surface", "location", "value"],
    ParameterRenamed = "parameter.renamed" ["surface", "location"],
    ParameterDescription = "parameter.description" ["surface", "location"],
    ParameterExtension = "parameter.extension" ["surface", "location", "extension"],
    ParameterSunset = "parameter.sunset" ["surface", "location", "relation", "deprecated", "item"],
    RequestBodyAdded = "request-body.added" ["surface", "required"],
    RequestBodyRemoved = "request-body.removed" ["surface", "required"],
    RequestBodyRequired = "request-body.required" ["surface", "value"],
    RequestBodyDescription = "request-body.description" ["surface"],
    ResponseAdded = "response.added" ["surface", "status-class"],
    ResponseRemoved = "response.removed" ["surface", "status-class"],
    ResponseDescription = "response.description" ["surface"],
    HeaderAdded = "header.added" ["surface", "required", "deprecated", "status"],
    HeaderRemoved = "header.removed" ["surface", "required", "deprecated", "status"],
    HeaderRequired = "header.required" ["surface", "value"],
    HeaderDeprecated = "header.deprecated" ["surface", "value"],
    HeaderStyle = "header.style" ["surface"],
    HeaderExplode = "header.explode" ["surface", "value"],
    MediaTypeAdded = "media-type.added" ["surface"],
    MediaTypeRemoved = "media-type.removed" ["surface"],
    EncodingChanged = "encoding.changed" ["surface", "field", "defined"],
    SchemaAdded = "schema.added" ["surface", "relation"],
    SchemaRemoved = "schema.removed" ["surface", "relation"],
    SchemaType = "schema.type" ["relation"],
    SchemaNullable = "schema.nullable" ["value", "relation"],
    SchemaFormat = "schema.format" ["relation", "presence"],
    SchemaEnumValueAdded = "schema.enum-value-added" ["relation", "extensible"],
    SchemaEnumValueRemoved = "schema.enum-value-removed" ["relation", "extensible"],
    SchemaEnumAdded = "schema.enum-added" ["relation"],
    SchemaEnumRemoved = "schema.enum-removed" ["relation"],
    SchemaConst = "schema.const" ["relation", "presence"],
    SchemaRequired = "schema.required" ["value", "relation"],
    SchemaPropertyAdded = "schema.property-added" ["required", "read-only", "write-only", "relation"],
    SchemaPropertyRemoved = "schema.property-removed" ["additional-properties", "required", "read-only", "write-only", "deprecated", "relation"],
    SchemaAdditionalProperties = "schema.additional-properties" ["relation"],
    SchemaMinLength = "schema.min-length" ["relation", "presence"],
    SchemaMaxLength = "schema.max-length" ["relation", "presence"],
    SchemaMinItems = "schema.min-items" ["relation", "presence"],
    SchemaMaxItems = "schema.max-items" ["relation", "presence"],
    SchemaMinProperties = "schema.min-properties" ["relation", "presence"],
    SchemaMaxProperties = "schema.max-properties" ["relation", "presence"],
    SchemaMinimum = "schema.minimum" ["exclusive", "relation", "presence"],
    SchemaMaximum = "schema.maximum" ["exclusive", "relation", "presence"],
    SchemaPattern = "schema.pattern" ["relation", "presence"],
    SchemaMultipleOf = "schema.multiple-of" ["relation", "presence"],
    SchemaExclusiveFlag = "schema.exclusive-flag" ["bound", "relation"],
    SchemaUniqueItems = "schema.unique-items" ["value", "relation"],
    SchemaReadOnly = "schema.read-only" ["value"],
    SchemaWriteOnly = "schema.write-only" ["value"],
    SchemaDefault = "schema.default" ["relation", "presence"],
    SchemaOneOfIntroduced = "schema.one-of-introduced" ["relation"],
    SchemaOneOfDropped = "schema.one-of-dropped" ["relation"],
    SchemaAnyOfIntroduced = "schema.any-of-introduced" ["relation"],
    SchemaAnyOfDropped = "schema.any-of-dropped" ["relation"],
    SchemaOneOfAdded = "schema.one-of-added" ["relation"],
    SchemaOneOfRemoved = "schema.one-of-removed" ["relation"],
    SchemaAnyOfAdded = "schema.any-of-added" ["relation"],
    SchemaAnyOfRemoved = "schema.any-of-removed" ["relation"],
    SchemaUnionKeyword = "schema.union-keyword" ["relation"],
    SchemaAllOfAdded = "schema.all-of-added" ["relation"],
    SchemaAllOfRemoved = "schema.all-of-removed" ["relation"],
    SchemaDiscriminator = "schema.discriminator" ["relation", "presence"],
    SchemaDiscriminatorMappingAdded = "schema.discriminator-mapping-added" ["relation"],
    SchemaDiscriminatorMappingRemoved = "schema.discriminator-mapping-removed" ["relation"],
    SchemaDiscriminatorMappingChanged = "schema.discriminator-mapping-changed" ["relation"],
    SchemaItems = "schema.items" ["relation"],
    SchemaPrefixItems = "schema.prefix-items" ["relation"],
    SchemaContains = "schema.contains" ["relation"],
    SchemaPatternProperties = "schema.pattern-properties" ["relation"],
    SchemaPropertyNames = "schema.property-names" ["relation"],
    SchemaNot = "schema.not" ["relation"],
    SchemaDeprecated = "schema.deprecated" ["value"],
    SchemaDescription = "schema.description" [],
    SchemaTitle = "schema.title" [],
    SchemaAnnotation = "schema.annotation" [],
    SchemaExtension = "schema.extension" [],
    SchemaStability = "schema.stability" ["relation"],
    SchemaSunset = "schema.sunset" ["relation", "deprecated", "item"],
    SchemaKeyword = "schema.keyword" [],
    SchemaBoolean = "schema.boolean" ["relation"],
    SchemaUnresolved = "schema.unresolved" ["relation"],
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// Who sends the data a change is about. A request must not get narrower (clients send it);
/// a response must not get wider (clients receive it). Callbacks and webhooks flip it: there
/// the API sends the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    Request,
    Response,
    None,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
            Direction::None => "none",
        }
    }

    pub fn flipped(self) -> Direction {
        match self {
            Direction::Request => Direction::Response,
            Direction::Response => Direction::Request,
            Direction::None => Direction::None,
        }
    }
}

/// Which part of the API a change is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Document,
    Operation,
    Security,
    Parameter,
    RequestBody,
    Response,
    ResponseHeader,
}

impl Context {
    /// Every context, in declaration order.
    pub const ALL: [Context; 7] = [
        Context::Document,
        Context::Operation,
        Context::Security,
        Context::Parameter,
        Context::RequestBody,
        Context::Response,
        Context::ResponseHeader,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Context::Document => "document",
            Context::Operation => "operation",
            Context::Security => "security",
            Context::Parameter => "parameter",
            Context::RequestBody => "request-body",
            Context::Response => "response",
            Context::ResponseHeader => "response-header",
        }
    }

    pub fn parse(s: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn direction(self) -> Direction {
        match self {
            Context::Parameter | Context::RequestBody => Direction::Request,
            Context::Response | Context::ResponseHeader => Direction::Response,
            _ => Direction::None,
        }
    }
}

/// One difference between base and revision.
#[derive(Clone, Debug)]
pub struct Change {
    pub kind: Kind,
    pub context: Context,
    pub direction: Direction,
    /// Facts rules can match on, such as `relation = narrowed`, `required = true`.
    pub facts: Vec<(&'static str, String)>,
    /// The item changed: a parameter, property, status, media type, enum value…
    pub name: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    /// Human-readable place inside the operation, e.g. `response 200 application/json .data[].id`.
    pub path: String,
    /// Where to look in the base and in the revision. For something added, `base` is the
    /// place it was added to; for something removed, `revision` is the place it left.
    pub base: Option<NodeRef>,
    pub revision: Option<NodeRef>,
    /// For a property added or removed: the object whose `properties` holds it, in the base
    /// and in the revision. A property written as a `$ref` is placed at the component it
    /// references, which does not name the object it was added to or left, and the findings
    /// about sibling properties of one object fold by their object (`assess/siblings.rs`).
    /// Not part of the fingerprint, which names the change by its places.
    pub object: Option<(NodeRef, NodeRef)>,
    /// Operations affected; empty for document-level changes. The first is the one reports
    /// show the change under: the operation that reaches it most directly (a success response
    /// before an error response, fewer schemas in between), not merely the first by name. The
    /// rest follow sorted by label.
    pub operations: Vec<OperationId>,
}

impl Change {
    pub fn named(&mut self, name: impl Into<String>) -> &mut Change {
        self.name = Some(name.into());
        self
    }

    pub fn values(&mut self, before: Option<String>, after: Option<String>) -> &mut Change {
        self.before = before;
        self.after = after;
        self
    }

    pub fn with(&mut self, key: &'static str, value: impl ToString) -> &mut Change {
        self.facts.push((key, value.to_string()));
        self
    }

    /// Where in the operation: appended to what the walk knows already (inside a callback,
    /// `callback onDone POST … › response 200`).
    pub fn at_path(&mut self, path: impl Into<String>) -> &mut Change {
        let path = path.into();
        if self.path.is_empty() {
            self.path = path;
        } else {
            self.path = format!("{} › {path}", self.path);
        }
        self
    }

    /// The nodes the change was found at in the base: its place and its object's.
    pub fn base_nodes(&self) -> impl Iterator<Item = NodeRef> {
        self.base.into_iter().chain(self.object.map(|(b, _)| b))
    }

    /// The nodes the change was found at in the revision: its place and its object's.
    pub fn revision_nodes(&self) -> impl Iterator<Item = NodeRef> {
        self.revision.into_iter().chain(self.object.map(|(_, r)| r))
    }

    pub fn fact(&self, key: &str) -> Option<&str> {
        self.facts
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }
}
