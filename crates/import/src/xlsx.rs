//! XLSX workbooks as CSV text for [`crate::parse`]: the first worksheet, date cells as
//! `YYYY-MM-DD` (with the time when it is not midnight), numbers in plain decimal
//! notation, formulas as the value Excel saved (never evaluated).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use crate::FileError;

/// The first worksheet of an XLSX file as comma-separated UTF-8 text.
pub fn to_csv(bytes: &[u8]) -> Result<Vec<u8>, FileError> {
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| FileError::Workbook {
        reason: e.to_string(),
    })?;
    let sheet = workbook
        .worksheet_range_at(0)
        .ok_or(FileError::Empty)?
        .map_err(|e| FileError::Workbook {
            reason: e.to_string(),
        })?;
    let mut csv = csv::WriterBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_writer(Vec::new());
    // Rows above the first used one are not in the range; leading blank columns are kept
    // out too, which is what a header-first file means.
    for row in sheet.rows() {
        csv.write_record(row.iter().map(cell_text))
            .map_err(|e| FileError::Read(e.to_string()))?;
    }
    csv.into_inner()
        .map_err(|e| FileError::Read(e.error().to_string()))
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(d) => {
            let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
            if (h, min, s) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{s:02}")
            }
        }
        Data::Error(e) => format!("#{e:?}"),
    }
}
