//! Caps on the size of a scenario. A share link carries a scenario, so
//! anything accepted here is an input from a stranger: these keep loading
//! and running any accepted scenario to milliseconds.

/// Calls in one host's program.
pub const PROGRAM: usize = 100;
/// Drop rules, and separately delay rules.
pub const RULES: usize = 64;
/// Injection lines.
pub const INJECTIONS: usize = 32;
/// Injected segments in all (the sum of the `count`s).
pub const INJECTED: u64 = 1_000;
/// Recorded learner actions.
pub const ACTIONS: usize = 500;
/// Bytes of a scenario's text form, as written out by `to_text` (the input
/// may be up to twice that, e.g. with comments, before it is refused).
pub const TEXT_BYTES: usize = 16 * 1024;
/// Bytes of a scenario's JSON.
pub const JSON_BYTES: usize = 256 * 1024;
