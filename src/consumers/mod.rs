//! Downstream consumers: who uses which operations and fields (consumer manifests and Pact
//! files in a folder), what each finding does to them, and the proof of a break — a witness
//! payload valid on one side of the change and invalid on the other.

pub mod fields;
pub mod formats;
pub mod generate;
pub mod instance;
pub mod locate;
pub mod manifest;
pub mod pact;
pub mod registry;
pub mod resolve;
pub mod validate;
pub mod verify;
pub mod witness;
