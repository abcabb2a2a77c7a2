//! The server's integration tests, one binary: routes through `oneshot` on both databases,
//! and the real `gerbang-server` process on loopback.

#![allow(clippy::unwrap_used)] // tests: a panic with the value is the report we want

mod attacks;
mod databases;
mod edge;
mod health;
mod hostile;
mod openapi;
mod plan;
mod process;
mod review;
mod sync;
mod upgrade;
