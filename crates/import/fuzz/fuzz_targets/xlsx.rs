//! Any bytes as a workbook: read, then parsed as the app does, without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(csv) = sentia_import::xlsx::to_csv(data) {
        if let Ok(parsed) = sentia_import::parse(csv.as_slice()) {
            parsed.for_each(drop);
        }
    }
});
