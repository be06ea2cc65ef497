//! Sales files to typed sale lines or row errors: bytes in, no database, no async.
//!
//! [`parse`] sniffs the encoding (UTF-8, UTF-8 with BOM, else Windows-1252) and the
//! delimiter (comma, semicolon or tab), recognises the layout from the header, and returns
//! [`Parsed`], an iterator of [`SaleLine`]s or [`RowError`]s that reads the file as it goes,
//! so memory stays flat in the file's size.
//!
//! # Layouts
//!
//! - **Sentia template** (comma-, semicolon- or tab-separated, header names in any case):
//!   `date,order_id,line,sku,channel,quantity,unit_price,currency[,revenue]`. `line` (1, 2, …
//!   within the order), `channel` and `revenue` may be left out (a line's `revenue`, when
//!   given, must be its quantity × unit price within [`REVENUE_TOLERANCE`]); without `line`, the lines of an order
//!   written one after another are numbered 1, 2, …. `date` is `YYYY-MM-DD` (or day/month
//!   dates, see below); `unit_price` is the price of one unit; `currency` an ISO 4217 code.
//! - **Shopify** "Export orders": `Name` (the order), `Created at`, `Lineitem quantity`,
//!   `Lineitem price`, `Lineitem sku`, `Currency`, matched by name; other columns are
//!   ignored. Continuation rows of an order may leave `Created at` and `Currency` blank:
//!   they are carried forward from the order's first row.
//! - **Amazon** "All Orders" (tab-separated): `amazon-order-id`, `purchase-date`, `sku`,
//!   `quantity`, `item-price` (the line's total, divided by the quantity and rounded to
//!   [`UNIT_PRICE_DP`] places), `currency`, and optionally `order-status` (lines of cancelled
//!   or pending orders are not sales: they are skipped and counted in [`Parsed::skipped`])
//!   and `sales-channel`.
//!
//! # Conventions decided per file
//!
//! The first [`WINDOW_ROWS`] data rows decide the file's date format and number style:
//! the dominant date family wins (ISO on a tie), and day/month order comes from dates only
//! one order can read (`13/04/2024`); `1,234` or `03/04/2024` are read under the file's
//! convention, or refused when the file shows none: never guessed. A row whose value
//! contradicts the convention is a row error. Cells are text: `=HYPERLINK(…)` is a SKU
//! like any other, never evaluated.
//!
//! ```
//! use sentia_import::{parse, Layout};
//! let file = "date,order_id,sku,quantity,unit_price,currency\n\
//!             2024-03-01,A-1,TEE-M,2,\"1,299.00\",EUR\n";
//! let parsed = parse(file.as_bytes()).unwrap();
//! assert_eq!(parsed.layout(), Layout::Template);
//! let lines: Vec<_> = parsed.collect::<Result<_, _>>().unwrap();
//! assert_eq!(lines[0].quantity, 2);
//! assert_eq!(lines[0].unit_price.to_string(), "1299.00");
//! ```
#![warn(missing_docs)]

mod layout;
mod sniff;
mod values;
pub mod xlsx;

use std::collections::VecDeque;
use std::io::{Chain, Cursor, Read};

use chrono::NaiveDate;
use csv::ByteRecord;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

pub use layout::{field_name, Field, Layout, Mapping};
pub use sniff::TextEncoding;
pub use values::{DateFormat, NumberStyle};

use layout::Columns;

/// How many data rows decide the file's date format and number style (and are held in
/// memory while they do).
pub const WINDOW_ROWS: usize = 2_000;

/// How far a line's stated revenue may be from quantity × unit price: a cent, or half a
/// percent of the line, whichever is more (rounding in the exporting system).
pub const REVENUE_TOLERANCE: (Decimal, Decimal) = (
    Decimal::from_parts(1, 0, 0, false, 2),
    Decimal::from_parts(5, 0, 0, false, 3),
);

/// Decimal places of a unit price derived from a line total (Amazon's `item-price`).
pub const UNIT_PRICE_DP: u32 = 4;

/// The longest order id, SKU or channel accepted, in characters; also how much of an
/// offending value a [`RowError`] keeps (a 10 MB cell is not copied into every report).
pub const MAX_TEXT_CHARS: usize = 255;

/// One sold line of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleLine {
    /// The row as a spreadsheet numbers it (the header is 1).
    pub row: u64,
    /// The order's reference in the source (Shopify `Name`, Amazon order id).
    pub order_id: String,
    /// 1-based position of the line within its order.
    pub line_no: u32,
    /// The order's calendar day as the file writes it (no time-zone conversion).
    pub date: NaiveDate,
    /// The SKU, verbatim (trimmed).
    pub sku: String,
    /// The sales channel when the file names one.
    pub channel: Option<String>,
    /// Units sold, at least 1.
    pub quantity: u32,
    /// Price of one unit, never negative.
    pub unit_price: Decimal,
    /// ISO 4217 code, upper case.
    pub currency: String,
}

/// What is wrong with a cell or a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowErrorKind {
    /// The row ends before this required column (a truncated file or a broken row).
    TooFewCells,
    /// A required cell is blank.
    MissingValue,
    /// The cell is not text in the file's encoding.
    InvalidText,
    /// Not a date, or no such day (`2024-02-30`, a two-digit year).
    InvalidDate,
    /// A date written differently from the file's dominant format.
    DateFormatConflict,
    /// A day/month date that the file gives no way to read without guessing.
    AmbiguousDate,
    /// Not a number.
    InvalidNumber,
    /// `1,234` or `1.234` in a file that shows no number style.
    AmbiguousNumber,
    /// A number written in the other style from the file's (`12,5` in a `1,234.50` file).
    NumberStyleConflict,
    /// A quantity below zero.
    NegativeQuantity,
    /// A quantity with a fraction.
    NonIntegerQuantity,
    /// A quantity of zero.
    ZeroQuantity,
    /// A quantity beyond what a line can hold.
    QuantityTooLarge,
    /// A price below zero.
    NegativePrice,
    /// The line's revenue is not its quantity × unit price (beyond [`REVENUE_TOLERANCE`]).
    RevenueMismatch,
    /// Not a three-letter currency code.
    InvalidCurrency,
    /// Longer than [`MAX_TEXT_CHARS`].
    TooLong,
    /// The file could not be read further (an I/O error); nothing after this row was read.
    Unreadable,
}

impl RowErrorKind {
    /// A stable name for grouping and reports: the variant in lower camel case
    /// (`tooFewCells`).
    pub fn code(self) -> String {
        let name = format!("{self:?}");
        let mut chars = name.chars();
        chars
            .next()
            .map(|first| first.to_ascii_lowercase().to_string() + chars.as_str())
            .unwrap_or_default()
    }
    /// What is wrong, in words for the person who made the file.
    pub fn describe(self) -> &'static str {
        match self {
            RowErrorKind::TooFewCells => "the row ends before this column (truncated file?)",
            RowErrorKind::MissingValue => "this cell is required and blank",
            RowErrorKind::InvalidText => "this cell is not valid text in the file's encoding",
            RowErrorKind::InvalidDate => "not a date (use YYYY-MM-DD)",
            RowErrorKind::DateFormatConflict => {
                "the date is written differently from the file's other dates"
            }
            RowErrorKind::AmbiguousDate => {
                "day and month could be either way round; use YYYY-MM-DD"
            }
            RowErrorKind::InvalidNumber => "not a number",
            RowErrorKind::AmbiguousNumber => {
                "the separator could be thousands or decimals; the file does not say which"
            }
            RowErrorKind::NumberStyleConflict => {
                "the number uses the other decimal separator from the file's other numbers"
            }
            RowErrorKind::NegativeQuantity => "the quantity is negative",
            RowErrorKind::NonIntegerQuantity => "the quantity is not a whole number",
            RowErrorKind::ZeroQuantity => "the quantity is zero",
            RowErrorKind::QuantityTooLarge => "the quantity is too large",
            RowErrorKind::NegativePrice => "the price is negative",
            RowErrorKind::RevenueMismatch => {
                "the revenue is not the quantity × the unit price (is the price a line total?)"
            }
            RowErrorKind::InvalidCurrency => "not a three-letter currency code",
            RowErrorKind::TooLong => "the text is too long (at most 255 characters)",
            RowErrorKind::Unreadable => "the file could not be read from here on",
        }
    }
}

/// A row that cannot become a sale line: the first problem found in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The row as a spreadsheet numbers it: the header is 1, the first data row 2; a row
    /// with a quoted line break counts once.
    pub row: u64,
    /// The column's name as the header writes it, when the problem is in one cell.
    pub column: Option<String>,
    /// What is wrong.
    pub kind: RowErrorKind,
    /// What is wrong, in words (with detail beyond [`RowErrorKind::describe`] when useful).
    pub message: String,
    /// The offending value as read.
    pub value: Option<String>,
}

/// A problem with the file as a whole: nothing in it can be imported.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The file has no bytes, or only blank lines.
    #[error("the file is empty")]
    Empty,
    /// The file has a header and no rows.
    #[error("the file has a header but no rows")]
    HeaderOnly,
    /// The file is not text.
    #[error("the file is not a text (CSV) file: {reason}")]
    Binary {
        /// Why it was taken for binary.
        reason: String,
    },
    /// The header matches no layout Sentia knows.
    #[error("the columns match no known layout (Sentia template, Shopify, Amazon): {}", header.join(", "))]
    UnknownLayout {
        /// The header's names.
        header: Vec<String>,
    },
    /// The layout is recognised but required columns are missing.
    #[error("required columns are missing for the {layout:?} layout: {}", columns.join(", "))]
    MissingColumns {
        /// The layout the header was recognised as.
        layout: Layout,
        /// The missing columns' names.
        columns: Vec<String>,
    },
    /// The XLSX workbook could not be opened (damaged, or not a workbook).
    #[error("the workbook could not be read: {reason}")]
    Workbook {
        /// What the reader said.
        reason: String,
    },
    /// Reading the file failed.
    #[error("the file could not be read: {0}")]
    Read(String),
}

type Source<R> = csv::Reader<Chain<Cursor<Vec<u8>>, R>>;

/// A recognised file, read row by row as it is iterated.
pub struct Parsed<R: Read> {
    layout: Layout,
    encoding: TextEncoding,
    delimiter: u8,
    date_format: DateFormat,
    number_style: Option<NumberStyle>,
    header: Vec<String>,
    columns: Columns,
    reader: Source<R>,
    window: VecDeque<(u64, ByteRecord)>,
    rows: RowCounter,
    finished: bool,
    skipped: u64,
    order: Option<OrderState>,
}

/// The order being read: its lines are numbered and Shopify's blanks carried forward.
struct OrderState {
    id: String,
    line: u32,
    date: String,
    currency: String,
}

/// Recognises `reader`'s encoding, delimiter and layout, and reads the first rows to decide
/// its conventions. The rows come from iterating the result.
pub fn parse<R: Read>(reader: R) -> Result<Parsed<R>, FileError> {
    parse_with(reader, None)
}

/// [`parse`], reading the columns `mapping` names when given (the layout is then
/// [`Layout::Mapped`]) instead of recognising the layout from the header.
pub fn parse_with<R: Read>(reader: R, mapping: Option<&Mapping>) -> Result<Parsed<R>, FileError> {
    let Opened {
        encoding,
        delimiter,
        mut csv,
        mut rows,
        header,
    } = open(reader)?;
    let (layout, columns) = match mapping {
        Some(m) => (Layout::Mapped, layout::mapped(&header, m)?),
        None => layout::recognise(&header)?,
    };

    let mut record = ByteRecord::new();
    let mut window = VecDeque::new();
    let mut dates = values::DateVotes::default();
    let (mut dot, mut comma) = (0usize, 0usize);
    while window.len() < WINDOW_ROWS && read_record(&mut csv, &mut record)? {
        let row = rows.row(&record, csv.position().line());
        if is_blank(&record) {
            continue;
        }
        let cell = |field| {
            columns
                .get(field)
                .and_then(|i| record.get(i))
                .and_then(|c| encoding.decode(c))
        };
        if let Some(shape) = cell(Field::Date).as_deref().and_then(values::date_shape) {
            dates.add(shape);
        }
        for field in [Field::Quantity, Field::Price] {
            match cell(field).as_deref().and_then(values::number_evidence) {
                Some(NumberStyle::DecimalDot) => dot += 1,
                Some(NumberStyle::DecimalComma) => comma += 1,
                None => {}
            }
        }
        window.push_back((row, record.clone()));
    }
    if window.is_empty() {
        return Err(FileError::HeaderOnly);
    }
    let number_style = match dot.cmp(&comma) {
        std::cmp::Ordering::Greater => Some(NumberStyle::DecimalDot),
        std::cmp::Ordering::Less => Some(NumberStyle::DecimalComma),
        std::cmp::Ordering::Equal => None,
    };
    Ok(Parsed {
        layout,
        encoding,
        delimiter,
        date_format: dates.decide(),
        number_style,
        header,
        columns,
        reader: csv,
        window,
        rows,
        finished: false,
        skipped: 0,
        order: None,
    })
}

/// The first rows of a file as text, for choosing its columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// The header's names.
    pub header: Vec<String>,
    /// Up to the rows asked for, each cell as text (cells that are not text are shown
    /// with replacement characters).
    pub rows: Vec<Vec<String>>,
    /// The layout recognised from the header, if any.
    pub layout: Option<Layout>,
}

/// The header and first `max_rows` non-blank rows of `reader`, and its layout if Sentia
/// recognises it.
pub fn preview<R: Read>(reader: R, max_rows: usize) -> Result<Preview, FileError> {
    let Opened {
        encoding,
        mut csv,
        header,
        ..
    } = open(reader)?;
    let mut rows = Vec::new();
    let mut record = ByteRecord::new();
    while rows.len() < max_rows && read_record(&mut csv, &mut record)? {
        if is_blank(&record) {
            continue;
        }
        rows.push(
            record
                .iter()
                .map(|cell| match encoding.decode(cell) {
                    Some(text) => clip(text.trim()),
                    None => clip(&String::from_utf8_lossy(cell)),
                })
                .collect(),
        );
    }
    let layout = layout::recognise(&header).ok().map(|(layout, _)| layout);
    Ok(Preview {
        header,
        rows,
        layout,
    })
}

/// A file opened for reading: its conventions sniffed and its header read.
struct Opened<R: Read> {
    encoding: TextEncoding,
    delimiter: u8,
    csv: Source<R>,
    rows: RowCounter,
    header: Vec<String>,
}

/// Sniffs `reader`'s encoding and delimiter and reads its header.
fn open<R: Read>(mut reader: R) -> Result<Opened<R>, FileError> {
    let mut head = vec![0u8; sniff::SNIFF_BYTES];
    let mut filled = 0;
    while filled < head.len() {
        match reader.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(FileError::Read(e.to_string())),
        }
    }
    let complete = filled < head.len();
    head.truncate(filled);
    if head.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(FileError::Empty);
    }
    let (encoding, bom) = sniff::encoding(&head, complete)?;
    head.drain(..bom);
    let delimiter = sniff::delimiter(&head);
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(Cursor::new(head).chain(reader));

    let mut record = ByteRecord::new();
    if !read_record(&mut csv, &mut record)? {
        return Err(FileError::Empty);
    }
    let mut rows = RowCounter::default();
    rows.row(&record, csv.position().line());
    let header = record
        .iter()
        .map(|cell| encoding.decode(cell).unwrap_or_default().trim().to_owned())
        .collect::<Vec<_>>();
    Ok(Opened {
        encoding,
        delimiter,
        csv,
        rows,
        header,
    })
}

fn read_record<R: Read>(
    csv: &mut csv::Reader<R>,
    record: &mut ByteRecord,
) -> Result<bool, FileError> {
    csv.read_byte_record(record)
        .map_err(|e| FileError::Read(e.to_string()))
}

/// Numbers rows as a spreadsheet shows them: a blank line is a row (the csv reader skips
/// it, but its line number moves on), a line break inside a quoted cell is not.
#[derive(Debug, Default)]
struct RowCounter {
    records: u64,
    embedded_breaks: u64,
}

impl RowCounter {
    /// `end_line` is the reader's line once `record` is read. The csv reader skips blank
    /// lines before a record without moving the record's own start line, so the row is
    /// also worked out back from the end, assuming a line break ends the record; the
    /// larger of the two is right except for an unterminated last record straight after
    /// blank lines (one too small).
    fn row(&mut self, record: &ByteRecord, end_line: u64) -> u64 {
        self.records += 1;
        let breaks = record.as_slice().iter().filter(|&&b| b == b'\n').count() as u64;
        let start = record.position().map_or(0, |p| p.line());
        let from_start = start.saturating_sub(self.embedded_breaks);
        let from_end = end_line.saturating_sub(1 + breaks + self.embedded_breaks);
        self.embedded_breaks += breaks;
        // Files ending lines with a lone CR (old Mac Excel) have no line numbers: count records.
        from_start.max(from_end).max(self.records)
    }
}

/// Excel leaves rows of empty cells (`,,,,`) after the data: they are not rows.
fn is_blank(record: &ByteRecord) -> bool {
    record.iter().all(|c| c.iter().all(u8::is_ascii_whitespace))
}

impl<R: Read> Parsed<R> {
    /// The layout recognised from the header.
    pub fn layout(&self) -> Layout {
        self.layout
    }
    /// The file's text encoding.
    pub fn encoding(&self) -> TextEncoding {
        self.encoding
    }
    /// The delimiter (`,`, `;` or tab).
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }
    /// The file's date format, decided from its first rows.
    pub fn date_format(&self) -> DateFormat {
        self.date_format
    }
    /// The file's number style, when its first rows show one.
    pub fn number_style(&self) -> Option<NumberStyle> {
        self.number_style
    }
    /// The header's names, as written.
    pub fn header(&self) -> &[String] {
        &self.header
    }
    /// The header's name of the column holding `field`, when the file has one.
    pub fn column_name(&self, field: Field) -> Option<&str> {
        self.columns
            .get(field)
            .and_then(|i| self.header.get(i))
            .map(String::as_str)
    }
    /// Rows read so far that are not sales (Amazon's cancelled and pending orders).
    pub fn skipped(&self) -> u64 {
        self.skipped
    }

    fn next_record(&mut self) -> Option<Result<(u64, ByteRecord), RowError>> {
        if let Some(next) = self.window.pop_front() {
            return Some(Ok(next));
        }
        if self.finished {
            return None;
        }
        let mut record = ByteRecord::new();
        loop {
            match self.reader.read_byte_record(&mut record) {
                Ok(false) => {
                    self.finished = true;
                    return None;
                }
                Ok(true) => {
                    let row = self.rows.row(&record, self.reader.position().line());
                    if !is_blank(&record) {
                        return Some(Ok((row, record)));
                    }
                }
                Err(e) => {
                    self.finished = true;
                    return Some(Err(RowError {
                        row: self.rows.records + 1,
                        column: None,
                        kind: RowErrorKind::Unreadable,
                        message: format!("{}: {e}", RowErrorKind::Unreadable.describe()),
                        value: None,
                    }));
                }
            }
        }
    }

    fn error(&self, row: u64, index: usize, kind: RowErrorKind, value: &str) -> RowError {
        RowError {
            row,
            column: self.header.get(index).cloned(),
            kind,
            message: kind.describe().to_owned(),
            value: Some(clip(value)),
        }
    }

    /// The trimmed text of a field's cell (empty when the layout has no such column).
    fn text(&self, row: u64, record: &ByteRecord, field: Field) -> Result<String, RowError> {
        let Some(index) = self.columns.get(field) else {
            return Ok(String::new());
        };
        let bytes = record.get(index).unwrap_or_default();
        match self.encoding.decode(bytes) {
            Some(text) => Ok(text.trim().to_owned()),
            None => Err(self.error(
                row,
                index,
                RowErrorKind::InvalidText,
                &String::from_utf8_lossy(bytes),
            )),
        }
    }

    /// A required cell: not blank, and (for text kept as is) not too long.
    fn required(&self, row: u64, field: Field, text: &str) -> Result<(), RowError> {
        let index = self.columns.get(field).unwrap_or_default();
        if text.is_empty() {
            return Err(self.error(row, index, RowErrorKind::MissingValue, text));
        }
        if text.chars().nth(MAX_TEXT_CHARS).is_some() {
            return Err(self.error(row, index, RowErrorKind::TooLong, text));
        }
        Ok(())
    }

    /// One record to a sale line, `None` when it is not a sale.
    fn line(&mut self, row: u64, record: &ByteRecord) -> Result<Option<SaleLine>, RowError> {
        if record.len() < self.columns.required_len {
            let index = self
                .columns
                .first_missing(record.len(), self.layout)
                .unwrap_or(record.len());
            let mut error = self.error(row, index, RowErrorKind::TooFewCells, "");
            error.value = None;
            error.message = format!(
                "{}: the row has {} cells, the header {}",
                error.message,
                record.len(),
                self.header.len()
            );
            return Err(error);
        }
        let col = |field| self.columns.get(field).unwrap_or_default();
        let status = self.text(row, record, Field::Status)?;
        if status.starts_with("Cancelled") || status.starts_with("Pending") {
            self.skipped += 1;
            return Ok(None);
        }
        let order_id = self.text(row, record, Field::Order)?;
        self.required(row, Field::Order, &order_id)?;
        let mut date_text = self.text(row, record, Field::Date)?;
        let mut currency_text = self.text(row, record, Field::Currency)?;
        let line_text = self.text(row, record, Field::Line)?;

        let same_order = self.order.as_ref().is_some_and(|o| o.id == order_id);
        if same_order && self.layout == Layout::Shopify {
            let order = self.order.as_ref().expect("same order");
            if date_text.is_empty() {
                date_text.clone_from(&order.date);
            }
            if currency_text.is_empty() {
                currency_text.clone_from(&order.currency);
            }
        }
        let counted = match &mut self.order {
            Some(order) if same_order => {
                order.line += 1;
                order.line
            }
            _ => {
                self.order = Some(OrderState {
                    id: order_id.clone(),
                    line: 1,
                    date: date_text.clone(),
                    currency: currency_text.clone(),
                });
                1
            }
        };
        let line_no = if line_text.is_empty() {
            counted
        } else {
            match line_text.parse::<u32>() {
                Ok(n) if n >= 1 => n,
                _ => {
                    return Err(self.error(
                        row,
                        col(Field::Line),
                        RowErrorKind::InvalidNumber,
                        &line_text,
                    ))
                }
            }
        };

        self.required(row, Field::Date, &date_text)?;
        let date = values::parse_date(&date_text, self.date_format)
            .map_err(|kind| self.error(row, col(Field::Date), kind, &date_text))?;

        let sku = self.text(row, record, Field::Sku)?;
        self.required(row, Field::Sku, &sku)?;

        let quantity_text = self.text(row, record, Field::Quantity)?;
        let quantity = values::parse_number(&quantity_text, self.number_style)
            .and_then(quantity)
            .map_err(|kind| self.error(row, col(Field::Quantity), kind, &quantity_text))?;

        let price_text = self.text(row, record, Field::Price)?;
        let price = values::parse_number(&price_text, self.number_style)
            .and_then(|p| {
                if p.is_sign_negative() {
                    Err(RowErrorKind::NegativePrice)
                } else {
                    Ok(p)
                }
            })
            .map_err(|kind| self.error(row, col(Field::Price), kind, &price_text))?;
        let unit_price = if self.layout == Layout::Amazon {
            (price / Decimal::from(quantity))
                .round_dp_with_strategy(UNIT_PRICE_DP, RoundingStrategy::MidpointNearestEven)
        } else {
            price
        };

        self.required(row, Field::Currency, &currency_text)?;
        if currency_text.len() != 3 || !currency_text.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(self.error(
                row,
                col(Field::Currency),
                RowErrorKind::InvalidCurrency,
                &currency_text,
            ));
        }
        let revenue_text = self.text(row, record, Field::Revenue)?;
        if !revenue_text.is_empty() {
            let revenue = values::parse_number(&revenue_text, self.number_style)
                .map_err(|kind| self.error(row, col(Field::Revenue), kind, &revenue_text))?;
            let expected = Decimal::from(quantity) * unit_price;
            let (cents, share) = REVENUE_TOLERANCE;
            if (revenue - expected).abs() > cents.max(expected.abs() * share) {
                let mut error = self.error(
                    row,
                    col(Field::Revenue),
                    RowErrorKind::RevenueMismatch,
                    &revenue_text,
                );
                error.message =
                    format!("{}: {quantity} × {unit_price} = {expected}", error.message);
                return Err(error);
            }
        }
        let channel = self.text(row, record, Field::Channel)?;
        if !channel.is_empty() {
            self.required(row, Field::Channel, &channel)?;
        }
        Ok(Some(SaleLine {
            row,
            order_id,
            line_no,
            date,
            sku,
            channel: (!channel.is_empty()).then_some(channel),
            quantity,
            unit_price,
            currency: currency_text.to_ascii_uppercase(),
        }))
    }
}

/// The start of a value, for an error report.
fn clip(value: &str) -> String {
    match value.char_indices().nth(MAX_TEXT_CHARS) {
        Some((end, _)) => format!("{}…", &value[..end]),
        None => value.to_owned(),
    }
}

fn quantity(value: Decimal) -> Result<u32, RowErrorKind> {
    if value.is_sign_negative() {
        Err(RowErrorKind::NegativeQuantity)
    } else if !value.fract().is_zero() {
        Err(RowErrorKind::NonIntegerQuantity)
    } else if value.is_zero() {
        Err(RowErrorKind::ZeroQuantity)
    } else {
        value.to_u32().ok_or(RowErrorKind::QuantityTooLarge)
    }
}

impl<R: Read> Iterator for Parsed<R> {
    type Item = Result<SaleLine, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (row, record) = match self.next_record()? {
                Ok(next) => next,
                Err(error) => return Some(Err(error)),
            };
            match self.line(row, &record) {
                Ok(Some(line)) => return Some(Ok(line)),
                Ok(None) => continue,
                Err(error) => return Some(Err(error)),
            }
        }
    }
}
