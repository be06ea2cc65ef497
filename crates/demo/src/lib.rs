//! Demo company.
