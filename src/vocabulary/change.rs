//! The change record the diff engine emits: what changed ([`Kind`]), where in the API
//! ([`Context`]), who sends the data ([`Direction`]), the facts rules match on, and both
//! places in the specs. The diff engine produces these; rules classify them.

use super::NodeRef;

macro_rules! kinds {
    ($($variant:ident = $name:literal,)*) => {
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
        }
    };
}

kinds! {
    InfoVersion = "info.version",
    InfoTitle = "info.title",
    ServerAdded = "server.added",
    ServerRemoved = "server.removed",
    TagAdded = "tag.added",
    TagRemoved = "tag.removed",
    SecuritySchemeAdded = "security-scheme.added",
    SecuritySchemeRemoved = "security-scheme.removed",
    SecuritySchemeType = "security-scheme.type",
    SecuritySchemeDetail = "security-scheme.detail",
    SecuritySchemeFlowAdded = "security-scheme.flow-added",
    SecuritySchemeFlowRemoved = "security-scheme.flow-removed",
    SecuritySchemeScopeAdded = "security-scheme.scope-added",
    SecuritySchemeScopeRemoved = "security-scheme.scope-removed",
    OperationAdded = "operation.added",
    OperationRemoved = "operation.removed",
    OperationDeprecated = "operation.deprecated",
    OperationId = "operation.id",
    OperationSummary = "operation.summary",
    OperationDescription = "operation.description",
    OperationTagAdded = "operation.tag-added",
    OperationTagRemoved = "operation.tag-removed",
    OperationStability = "operation.stability",
    OperationSunset = "operation.sunset",
    OperationExtension = "operation.extension",
    DocumentExtension = "document.extension",
    OperationServerAdded = "operation.server-added",
    OperationServerRemoved = "operation.server-removed",
    SecurityRequirementAdded = "security.requirement-added",
    SecurityRequirementRemoved = "security.requirement-removed",
    SecurityRequirementRelaxed = "security.requirement-relaxed",
    SecurityAnonymousAdded = "security.anonymous-added",
    SecurityRequirementTightened = "security.requirement-tightened",
    SecurityScopeAdded = "security.scope-added",
    SecurityScopeRemoved = "security.scope-removed",
    CallbackAdded = "callback.added",
    CallbackRemoved = "callback.removed",
    WebhookAdded = "webhook.added",
    WebhookRemoved = "webhook.removed",
    ParameterAdded = "parameter.added",
    ParameterRemoved = "parameter.removed",
    ParameterRequired = "parameter.required",
    ParameterLocation = "parameter.location",
    ParameterStyle = "parameter.style",
    ParameterExplode = "parameter.explode",
    ParameterDeprecated = "parameter.deprecated",
    ParameterAllowEmptyValue = "parameter.allow-empty-value",
    ParameterAllowReserved = "parameter.allow-reserved",
    ParameterRenamed = "parameter.renamed",
    ParameterDescription = "parameter.description",
    ParameterExtension = "parameter.extension",
    RequestBodyAdded = "request-body.added",
    RequestBodyRemoved = "request-body.removed",
    RequestBodyRequired = "request-body.required",
    RequestBodyDescription = "request-body.description",
    ResponseAdded = "response.added",
    ResponseRemoved = "response.removed",
    ResponseDescription = "response.description",
    HeaderAdded = "header.added",
    HeaderRemoved = "header.removed",
    HeaderRequired = "header.required",
    HeaderDeprecated = "header.deprecated",
    HeaderStyle = "header.style",
    HeaderExplode = "header.explode",
    MediaTypeAdded = "media-type.added",
    MediaTypeRemoved = "media-type.removed",
    SchemaAdded = "schema.added",
    SchemaRemoved = "schema.removed",
    SchemaType = "schema.type",
    SchemaNullable = "schema.nullable",
    SchemaFormat = "schema.format",
    SchemaEnumValueAdded = "schema.enum-value-added",
    SchemaEnumValueRemoved = "schema.enum-value-removed",
    SchemaEnumAdded = "schema.enum-added",
    SchemaEnumRemoved = "schema.enum-removed",
    SchemaConst = "schema.const",
    SchemaRequired = "schema.required",
    SchemaPropertyAdded = "schema.property-added",
    SchemaPropertyRemoved = "schema.property-removed",
    SchemaAdditionalProperties = "schema.additional-properties",
    SchemaMinLength = "schema.min-length",
    SchemaMaxLength = "schema.max-length",
    SchemaMinItems = "schema.min-items",
    SchemaMaxItems = "schema.max-items",
    SchemaMinProperties = "schema.min-properties",
    SchemaMaxProperties = "schema.max-properties",
    SchemaMinimum = "schema.minimum",
    SchemaMaximum = "schema.maximum",
    SchemaPattern = "schema.pattern",
    SchemaMultipleOf = "schema.multiple-of",
    SchemaExclusiveFlag = "schema.exclusive-flag",
    SchemaUniqueItems = "schema.unique-items",
    SchemaReadOnly = "schema.read-only",
    SchemaWriteOnly = "schema.write-only",
    SchemaDefault = "schema.default",
    SchemaOneOfIntroduced = "schema.one-of-introduced",
    SchemaOneOfDropped = "schema.one-of-dropped",
    SchemaAnyOfIntroduced = "schema.any-of-introduced",
    SchemaAnyOfDropped = "schema.any-of-dropped",
    SchemaOneOfAdded = "schema.one-of-added",
    SchemaOneOfRemoved = "schema.one-of-removed",
    SchemaAnyOfAdded = "schema.any-of-added",
    SchemaAnyOfRemoved = "schema.any-of-removed",
    SchemaAllOfAdded = "schema.all-of-added",
    SchemaAllOfRemoved = "schema.all-of-removed",
    SchemaDiscriminator = "schema.discriminator",
    SchemaDiscriminatorMappingAdded = "schema.discriminator-mapping-added",
    SchemaDiscriminatorMappingRemoved = "schema.discriminator-mapping-removed",
    SchemaDiscriminatorMappingChanged = "schema.discriminator-mapping-changed",
    SchemaItems = "schema.items",
    SchemaPrefixItems = "schema.prefix-items",
    SchemaContains = "schema.contains",
    SchemaPatternProperties = "schema.pattern-properties",
    SchemaPropertyNames = "schema.property-names",
    SchemaNot = "schema.not",
    SchemaDeprecated = "schema.deprecated",
    SchemaDescription = "schema.description",
    SchemaTitle = "schema.title",
    SchemaAnnotation = "schema.annotation",
    SchemaExtension = "schema.extension",
    SchemaKeyword = "schema.keyword",
    SchemaBoolean = "schema.boolean",
    SchemaUnresolved = "schema.unresolved",
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
        [
            Context::Document,
            Context::Operation,
            Context::Security,
            Context::Parameter,
            Context::RequestBody,
            Context::Response,
            Context::ResponseHeader,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
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
    /// Operations affected (`GET /pets/{petId}`), sorted; empty for document-level changes.
    pub operations: Vec<String>,
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

    pub fn fact(&self, key: &str) -> Option<&str> {
        self.facts
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }
}
