//! weir: guards the contract between an upstream OpenAPI description and its consumers.

pub mod assess;
pub mod cli;
pub mod commands;
pub mod config;
pub mod consumers;
pub mod diff;
pub mod error;
pub mod gate;
pub mod history;
pub mod json_schema;
pub mod load;
pub mod mock;
pub mod model;
pub mod output;
pub mod report;
pub mod rules;
pub mod tree;
pub mod versions;
pub mod vocabulary;
