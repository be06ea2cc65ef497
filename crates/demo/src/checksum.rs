use std::collections::BTreeMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

/// SHA-256 of each table's rows (one JSON document per row, in generation order).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Checksums(pub BTreeMap<&'static str, String>);

/// Hashes rows one at a time.
#[derive(Default, Clone)]
pub(crate) struct TableHasher(Sha256);

impl TableHasher {
    pub(crate) fn add(&mut self, row: &impl Serialize) {
        let json = serde_json::to_vec(row).expect("demo rows serialise");
        self.0.update(&json);
        self.0.update(b"\n");
    }

    pub(crate) fn finish(self) -> String {
        hex::encode(self.0.finalize())
    }
}

impl Checksums {
    pub(crate) fn of<T: Serialize>(&mut self, table: &'static str, rows: &[T]) {
        let mut h = TableHasher::default();
        rows.iter().for_each(|r| h.add(r));
        self.0.insert(table, h.finish());
    }
}
