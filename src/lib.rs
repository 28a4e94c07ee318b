//! weir: guards the contract between an upstream OpenAPI description and its consumers.

pub mod error;
pub mod load;
pub mod model;
