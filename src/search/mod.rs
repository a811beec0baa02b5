//! Client-side search: text analysis per language and the sharded index the browser loads.
pub mod analysis;
mod light;
