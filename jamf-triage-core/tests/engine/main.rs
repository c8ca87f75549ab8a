//! Integration tests of the rule engine: loading with located errors, compilation against a
//! fact catalog, evaluation and reports. Fixtures are in `tests/data/`.

mod common;
mod generations;
mod invalid;
mod line_needs;
mod operators;
mod pipeline;
mod properties;
mod ranking;
