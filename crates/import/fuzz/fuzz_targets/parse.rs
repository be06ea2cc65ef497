//! Any bytes as a sales file: the parser returns lines, row errors or a file error, and
//! never panics, loops or allocates without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(preview) = sentia_import::preview(data, 20) {
        assert!(preview.rows.len() <= 20);
    }
    if let Ok(parsed) = sentia_import::parse(data) {
        for line in parsed {
            if let Ok(line) = line {
                assert!(line.quantity >= 1);
                assert!(!line.unit_price.is_sign_negative());
            }
        }
    }
});
