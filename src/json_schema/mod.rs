//! A JSON Schema engine over weir's own schema model: validation, value generation, formats
//! and the schema graph. Witnesses, Pact verification and the mock server use it; it knows
//! nothing of them (it imports only the model, the loader's tree and the change vocabulary).
//!
//! It works on the normalized [`crate::model::Schema`] — `$ref`s resolved, `allOf` folded,
//! 3.0 `nullable` as a type, Swagger 2 mapped — so every OpenAPI dialect is validated alike,
//! and every refusal points at the keyword in the spec that refuses.
//!
//! # Validate
//!
//! ```ignore
//! let v = Validator::new(&spec, Direction::Request);
//! for violation in v.validate(schema_id, &instance) {
//!     violation.pointer();        // where in the instance: "/pets/0/name"
//!     violation.keyword;          // what refuses: "maxLength"
//!     violation.describe();       // "/pets/0/name: has 9 characters, more than maxLength 8"
//!     violation.location(&spec);  // where in the spec: file, line, column, JSON pointer
//!     violation.at;               // the same as a node, to compare with a finding's node
//! }
//! ```
//!
//! The [`Direction`](crate::vocabulary::Direction) says whose payload it is: `readOnly` properties
//! are not required in requests, `writeOnly` ones not in responses. Keep one validator for
//! many instances (it caches compiled regexes). `Validator::expecting` and
//! `Validator::widened_by` judge a consumer's partial expectation of a response instead of
//! a whole one.
//!
//! # Generate
//!
//! [`generate()`] gives a value valid against a schema (or `None` when none is found): the same
//! input gives the same value, [`Generation::seed`] varies the choices, and
//! [`Generation::optional`] fills in optional properties too. [`example()`] is the smallest.
//!
//! # Relations between schemas
//!
//! `inclusion::includes` judges whether every value one schema accepts is accepted by
//! another, `inclusion::disjoint` whether two share no value — on a `Wire`: JSON, or the
//! text a parameter or form field is written as, where null cannot be sent and a string takes
//! every scalar's text (see `wire.rs`).
//!
//! # Instances and formats
//!
//! Instances are `serde_json` values; [`instance`] turns spec nodes into them and compares
//! them as JSON Schema does. `formats` checks and samples the formats clients enforce.
//!
//! # Text
//!
//! What arrives as text is read by its schema: `styles` reads parameters by their `style`
//! and `explode`, `form` reads URL-encoded and multipart bodies, both through `coerce`.

pub(crate) mod coerce;
mod composition;
pub(crate) mod expectation;
mod focus;
pub(crate) mod form;
pub(crate) mod formats;
pub mod generate;
pub(crate) mod graph;
pub(crate) mod inclusion;
pub mod instance;
mod keywords;
pub(crate) mod samples;
pub(crate) mod styles;
mod validate;
pub(crate) mod wire;

pub(crate) use expectation::{Count, Widening};
pub(crate) use focus::Focus;
pub use generate::{Generation, example, generate};
pub(crate) use instance::Step;
pub use validate::Validator;
pub(crate) use validate::Violation;
pub(crate) use wire::Wire;
