//! The commands of `ocop`.

pub mod scaffold;
