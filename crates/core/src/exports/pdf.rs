//! Tables as a printable PDF: landscape A4, a title and the time it was made, each table
//! under its name with a header row, numbers right-aligned, new pages as needed. Cells are
//! set in Courier (one of the fonts every PDF reader has, so nothing is embedded) because a
//! fixed-width face aligns columns exactly without font metrics; the text size shrinks so
//! the widest table fits the page.

use printpdf::{BuiltinFont, IndirectFontRef, Line, Mm, PdfDocument, PdfLayerReference, Point};

use super::table::{ColumnKind, ExportCell, TableExport};
use crate::AppError;

const PAGE_WIDTH: f32 = 297.0;
const PAGE_HEIGHT: f32 = 210.0;
const MARGIN: f32 = 12.0;
/// Courier's advance is 0.6 em; one point is 0.3528 mm.
const MM_PER_CHAR_AT_1PT: f32 = 0.6 * 0.3528;
const MAX_CELL_CHARS: usize = 28;
const LARGEST_TEXT_PT: f32 = 8.0;
const SMALLEST_TEXT_PT: f32 = 4.5;

/// The PDF of `tables` under `title`.
pub(crate) fn render(title: &str, tables: &[TableExport]) -> Result<Vec<u8>, AppError> {
    let (doc, page, layer) = PdfDocument::new(title, Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT), "report");
    let bold = doc
        .add_builtin_font(BuiltinFont::HelveticaBold)
        .map_err(|e| AppError::internal(&e))?;
    let plain = doc
        .add_builtin_font(BuiltinFont::Helvetica)
        .map_err(|e| AppError::internal(&e))?;
    let mono = doc
        .add_builtin_font(BuiltinFont::Courier)
        .map_err(|e| AppError::internal(&e))?;
    let mono_bold = doc
        .add_builtin_font(BuiltinFont::CourierBold)
        .map_err(|e| AppError::internal(&e))?;
    let mut pen = Pen {
        layer: doc.get_page(page).get_layer(layer),
        y: PAGE_HEIGHT - MARGIN,
    };
    pen.layer
        .use_text(title, 13.0, Mm(MARGIN), Mm(pen.y - 4.0), &bold);
    pen.y -= 9.0;
    let made = format!(
        "Sentia, {}",
        chrono::Local::now().format("%Y-%m-%d %H:%M %Z")
    );
    pen.layer
        .use_text(made, 8.0, Mm(MARGIN), Mm(pen.y - 2.0), &plain);
    pen.y -= 8.0;

    for table in tables {
        let cells: Vec<Vec<String>> = table
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&table.columns)
                    .map(|(cell, col)| shown(cell.as_ref(), col.kind))
                    .collect()
            })
            .collect();
        let widths: Vec<usize> = table
            .columns
            .iter()
            .enumerate()
            .map(|(i, col)| {
                cells
                    .iter()
                    .map(|r| r[i].chars().count())
                    .chain([col.header.chars().count()])
                    .max()
                    .unwrap_or(1)
                    .min(MAX_CELL_CHARS)
                    + 2
            })
            .collect();
        let line_chars: usize = widths.iter().sum();
        let size = ((PAGE_WIDTH - 2.0 * MARGIN) / (line_chars as f32 * MM_PER_CHAR_AT_1PT))
            .clamp(SMALLEST_TEXT_PT, LARGEST_TEXT_PT);
        let row_height = size * 0.3528 * 1.45;
        let header: Vec<String> = table.columns.iter().map(|c| c.header.clone()).collect();
        let numeric: Vec<bool> = table
            .columns
            .iter()
            .map(|c| c.kind != ColumnKind::Text && c.kind != ColumnKind::Date)
            .collect();

        if pen.y - 6.0 - 3.0 * row_height < MARGIN {
            pen = pen.next_page(&doc);
        }
        pen.y -= 4.0;
        pen.layer
            .use_text(heading(&table.name), 10.0, Mm(MARGIN), Mm(pen.y), &bold);
        pen.y -= 2.0 + row_height;
        let table_width = line_chars as f32 * size * MM_PER_CHAR_AT_1PT;
        pen.write_row(&header, &widths, &numeric, size, &mono_bold);
        pen.rule(size, table_width);
        for row in &cells {
            if pen.y - row_height < MARGIN {
                pen = pen.next_page(&doc);
                pen.write_row(&header, &widths, &numeric, size, &mono_bold);
                pen.rule(size, table_width);
            }
            pen.write_row(row, &widths, &numeric, size, &mono);
        }
        if cells.is_empty() {
            pen.layer
                .use_text("(no rows)", size, Mm(MARGIN), Mm(pen.y), &plain);
            pen.y -= row_height;
        }
        pen.y -= row_height;
    }
    doc.save_to_bytes().map_err(|e| AppError::internal(&e))
}

/// Where the next line goes, on which page.
struct Pen {
    layer: PdfLayerReference,
    /// The baseline of the next line, mm from the bottom.
    y: f32,
}

impl Pen {
    fn next_page(self, doc: &printpdf::PdfDocumentReference) -> Pen {
        let (page, layer) = doc.add_page(Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT), "report");
        Pen {
            layer: doc.get_page(page).get_layer(layer),
            y: PAGE_HEIGHT - MARGIN,
        }
    }

    fn write_row(
        &mut self,
        cells: &[String],
        widths: &[usize],
        numeric: &[bool],
        size: f32,
        font: &IndirectFontRef,
    ) {
        let char_mm = size * MM_PER_CHAR_AT_1PT;
        let mut x = MARGIN;
        for ((cell, width), right) in cells.iter().zip(widths).zip(numeric) {
            let text = clip(cell, width - 2);
            let pad = if *right {
                width - 1 - text.chars().count()
            } else {
                0
            };
            self.layer
                .use_text(text, size, Mm(x + pad as f32 * char_mm), Mm(self.y), font);
            x += *width as f32 * char_mm;
        }
        self.y -= size * 0.3528 * 1.45;
    }

    /// A thin line under the header row just written, as wide as the table, and room
    /// below it for the first row's capitals.
    fn rule(&mut self, size: f32, width: f32) {
        let em = size * 0.3528;
        let header_baseline = self.y + em * 1.45;
        let y = header_baseline - em * 0.35;
        self.layer.set_outline_thickness(0.3);
        self.layer.add_line(Line {
            points: vec![
                (Point::new(Mm(MARGIN), Mm(y)), false),
                (Point::new(Mm(MARGIN + width), Mm(y)), false),
            ],
            is_closed: false,
        });
        self.y -= em * 0.4;
    }
}

/// `best-sellers` → `Best sellers`.
fn heading(name: &str) -> String {
    let words = name.replace('-', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// At most `width` characters, an ellipsis marking a cut.
fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let kept: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{kept}…")
    }
}

/// A cell as printed: grouped thousands, two decimals, percentages with one.
fn shown(cell: Option<&ExportCell>, kind: ColumnKind) -> String {
    match cell {
        None => String::new(),
        Some(ExportCell::Text(t)) => t.clone(),
        Some(ExportCell::Number(n)) => match kind {
            ColumnKind::Integer => grouped(&format!("{n:.0}")),
            ColumnKind::Percent => format!("{:.1} %", n * 100.0),
            _ => grouped(&format!("{n:.2}")),
        },
    }
}

/// `-1234567.50` → `-1,234,567.50`.
fn grouped(plain: &str) -> String {
    let (sign, digits) = plain
        .strip_prefix('-')
        .map_or(("", plain), |rest| ("-", rest));
    let (whole, fraction) = digits
        .split_once('.')
        .map_or((digits, None), |(w, f)| (w, Some(f)));
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match fraction {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exports::table::{ExportColumn, TableFormat};

    #[test]
    fn numbers_are_grouped_and_percentages_scaled() {
        assert_eq!(grouped("-1234567.50"), "-1,234,567.50");
        assert_eq!(grouped("999"), "999");
        assert_eq!(grouped("1000"), "1,000");
        let n = ExportCell::Number(0.255);
        assert_eq!(shown(Some(&n), ColumnKind::Percent), "25.5 %");
        assert_eq!(
            shown(Some(&ExportCell::Number(12345.0)), ColumnKind::Integer),
            "12,345"
        );
        assert_eq!(clip("abcdef", 4), "abc…");
    }

    #[test]
    fn a_long_table_runs_over_pages_and_is_a_pdf() {
        let rows = (0..200)
            .map(|i| {
                vec![
                    Some(ExportCell::Text(format!("SKU-{i}"))),
                    Some(ExportCell::Number(f64::from(i) * 1000.5)),
                ]
            })
            .collect();
        let table = TableExport {
            name: "stock".to_owned(),
            format: TableFormat::Xlsx,
            columns: vec![
                ExportColumn {
                    header: "SKU".to_owned(),
                    kind: ColumnKind::Text,
                },
                ExportColumn {
                    header: "Value".to_owned(),
                    kind: ColumnKind::Decimal,
                },
            ],
            rows,
        };
        let pdf = render("Stock", &[table]).unwrap();
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let pages = doc.get_pages();
        assert!(pages.len() >= 2, "200 rows on {} page(s)", pages.len());
        let last = *pages.keys().max().unwrap();
        let text = doc.extract_text(&[last]).unwrap();
        assert!(text.contains("SKU-199"), "last page: {text}");
        assert!(text.contains("199,099.50"), "last page: {text}");
        // The header is repeated on every page.
        assert!(text.contains("Value"), "last page: {text}");
    }
}
