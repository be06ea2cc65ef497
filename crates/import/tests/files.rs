//! The issue's "bad files" that apply to CSV, and the three layouts read end to end.

use proptest::prelude::*;
use rust_decimal_macros::dec;
use sentia_import::{
    parse, DateFormat, FileError, Layout, RowError, RowErrorKind, SaleLine, TextEncoding,
};

const HEADER: &str = "date,order_id,line,sku,channel,quantity,unit_price,currency\n";

fn rows(file: &[u8]) -> Vec<Result<SaleLine, RowError>> {
    parse(file).expect("a readable file").collect()
}

fn only_error(file: &[u8]) -> RowError {
    let errors: Vec<RowError> = rows(file).into_iter().filter_map(Result::err).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.into_iter().next().unwrap()
}

fn assert_row_error(error: &RowError, row: u64, column: &str, kind: RowErrorKind) {
    assert_eq!(
        (error.row, error.column.as_deref(), error.kind),
        (row, Some(column), kind),
        "{error:?}"
    );
}

#[test]
fn empty_file_is_refused() {
    assert!(matches!(parse(&b""[..]), Err(FileError::Empty)));
    assert!(matches!(parse(&b"\n\r\n  \n"[..]), Err(FileError::Empty)));
}

#[test]
fn header_only_is_refused() {
    assert!(matches!(
        parse(HEADER.as_bytes()),
        Err(FileError::HeaderOnly)
    ));
    let blank_rows = format!("{HEADER},,,,,,,\n,,,,,,,\n");
    assert!(matches!(
        parse(blank_rows.as_bytes()),
        Err(FileError::HeaderOnly)
    ));
}

#[test]
fn missing_required_columns_are_named() {
    let file = "date,order_id,sku,quantity\n2024-01-01,A,X,1\n";
    match parse(file.as_bytes()) {
        Err(FileError::MissingColumns { layout, columns }) => {
            assert_eq!(layout, Layout::Template);
            assert_eq!(columns, ["unit_price", "currency"]);
        }
        other => panic!("{:?}", other.map(|p| p.layout())),
    }
    let shopify =
        "Name,Created at,Lineitem quantity,Lineitem price,Currency\n#1,2024-01-01,1,2,EUR\n";
    match parse(shopify.as_bytes()) {
        Err(FileError::MissingColumns { layout, columns }) => {
            assert_eq!(
                (layout, columns),
                (Layout::Shopify, vec!["Lineitem sku".to_owned()])
            );
        }
        other => panic!("{:?}", other.map(|p| p.layout())),
    }
}

#[test]
fn unknown_header_is_refused_with_its_names() {
    match parse(&b"when,what,how many\n2024-01-01,X,1\n"[..]) {
        Err(FileError::UnknownLayout { header }) => {
            assert_eq!(header, ["when", "what", "how many"])
        }
        other => panic!("{:?}", other.map(|p| p.layout())),
    }
}

#[test]
fn extra_columns_are_ignored_in_any_order() {
    let file = "Notes,currency,unit_price,quantity,sku,order_id,date,Extra\n\
                hello,eur,9.50,3,TEE-M,A-1,2024-02-29,zzz\n";
    let lines: Vec<SaleLine> = rows(file.as_bytes())
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        lines,
        [SaleLine {
            row: 2,
            order_id: "A-1".into(),
            line_no: 1,
            date: chrono::NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
            sku: "TEE-M".into(),
            channel: None,
            quantity: 3,
            unit_price: dec!(9.50),
            currency: "EUR".into(),
        }]
    );
}

#[test]
fn truncated_file_reports_its_last_row() {
    let file = format!("{HEADER}2024-01-01,A,1,X,web,1,2.00,EUR\n2024-01-01,B,1,Y,web,2,3.");
    let error = only_error(file.as_bytes());
    assert_row_error(&error, 3, "currency", RowErrorKind::TooFewCells);
    // Cut inside a quoted cell: the rest of the file is swallowed by that cell.
    let file = format!("{HEADER}2024-01-01,A,1,X,\"web,1,2.00,EUR\n");
    let error = only_error(file.as_bytes());
    assert_row_error(&error, 2, "quantity", RowErrorKind::TooFewCells);
}

#[test]
fn quoted_newlines_stay_in_their_cell_and_rows_count_as_a_spreadsheet_does() {
    let file = format!(
        "{HEADER}2024-01-01,A,1,\"TEE\nM\",web,1,2.00,EUR\n2024-01-01,B,1,Y,web,-1,3.00,EUR\n"
    );
    let results = rows(file.as_bytes());
    assert_eq!(results[0].as_ref().unwrap().sku, "TEE\nM");
    assert_row_error(
        results[1].as_ref().unwrap_err(),
        3,
        "quantity",
        RowErrorKind::NegativeQuantity,
    );
}

#[test]
fn blank_lines_count_as_rows_and_lone_cr_line_ends_work() {
    let file = format!("{HEADER}2024-01-01,A,1,X,,1,1.00,EUR\n\n\n2024-01-01,B,1,X,,0,1.00,EUR\n");
    assert_row_error(
        &only_error(file.as_bytes()),
        5,
        "quantity",
        RowErrorKind::ZeroQuantity,
    );
    let file =
        HEADER.replace('\n', "\r") + "2024-01-01,A,1,X,,1,1.00,EUR\r2024-01-01,B,1,X,,0,1.00,EUR\r";
    assert_row_error(
        &only_error(file.as_bytes()),
        3,
        "quantity",
        RowErrorKind::ZeroQuantity,
    );
}

#[test]
fn a_10_mb_cell_is_ignored_where_unused_and_refused_where_used() {
    let huge = "x".repeat(10 * 1024 * 1024);
    let file = format!("notes,{HEADER}\"{huge}\",2024-01-01,A,1,X,,1,1.00,EUR\n");
    let parsed = parse(file.as_bytes()).unwrap();
    assert_eq!(parsed.map(Result::unwrap).count(), 1);
    let file = format!("{HEADER}2024-01-01,A,1,{huge},,1,1.00,EUR\n");
    let error = only_error(file.as_bytes());
    assert_row_error(&error, 2, "sku", RowErrorKind::TooLong);
    assert!(error.value.unwrap().len() < 1024);
}

#[test]
fn formula_cells_are_text_never_evaluated() {
    let file = format!(
        "{HEADER}2024-01-01,A,1,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",web,1,2.00,EUR\n\
         2024-01-01,B,1,Y,web,=1+1,3.00,EUR\n"
    );
    let results = rows(file.as_bytes());
    assert_eq!(
        results[0].as_ref().unwrap().sku,
        "=HYPERLINK(\"http://x\",\"y\")"
    );
    assert_row_error(
        results[1].as_ref().unwrap_err(),
        3,
        "quantity",
        RowErrorKind::InvalidNumber,
    );
}

#[test]
fn mixed_date_formats_follow_the_dominant_one_and_refuse_the_rest() {
    let file = format!(
        "{HEADER}2024-01-05,A,1,X,,1,1.00,EUR\n2024-01-06,B,1,X,,1,1.00,EUR\n\
         05/01/2024,C,1,X,,1,1.00,EUR\n"
    );
    let error = only_error(file.as_bytes());
    assert_row_error(&error, 4, "date", RowErrorKind::DateFormatConflict);
    assert_eq!(error.value.as_deref(), Some("05/01/2024"));

    // Day-first file (13/01 and 20/02 outvote 12/25): 03/04 is 3 April, 12/25 is refused.
    let file = format!(
        "{HEADER}13/01/2024,A,1,X,,1,1.00,EUR\n20.02.2024,B,1,X,,1,1.00,EUR\n\
         03/04/2024,C,1,X,,1,1.00,EUR\n12/25/2024,D,1,X,,1,1.00,EUR\n"
    );
    let parsed = parse(file.as_bytes()).unwrap();
    assert_eq!(parsed.date_format(), DateFormat::DayMonthYear);
    let results: Vec<_> = parsed.collect();
    assert_eq!(results[2].as_ref().unwrap().date.to_string(), "2024-04-03");
    assert_row_error(
        results[3].as_ref().unwrap_err(),
        5,
        "date",
        RowErrorKind::DateFormatConflict,
    );

    // As many month-first dates as day-first ones: the order is undecided, and only the
    // dates that one order cannot read are taken.
    let file = format!(
        "{HEADER}13/01/2024,A,1,X,,1,1.00,EUR\n12/25/2024,B,1,X,,1,1.00,EUR\n\
         03/04/2024,C,1,X,,1,1.00,EUR\n"
    );
    assert_row_error(
        &only_error(file.as_bytes()),
        4,
        "date",
        RowErrorKind::AmbiguousDate,
    );

    // Nothing says which order: refuse, never guess.
    let file = format!("{HEADER}03/04/2024,A,1,X,,1,1.00,EUR\n");
    assert_row_error(
        &only_error(file.as_bytes()),
        2,
        "date",
        RowErrorKind::AmbiguousDate,
    );
}

#[test]
fn thousands_separators_and_decimal_commas_are_read_only_when_unambiguous() {
    let file = "date;order_id;sku;quantity;unit_price;currency\n\
                2024-01-01;A;X;1.000;1.234,50;EUR\n2024-01-01;B;X;2;7,5;EUR\n";
    let parsed = parse(file.as_bytes()).unwrap();
    assert_eq!(parsed.delimiter(), b';');
    let lines: Vec<SaleLine> = parsed.map(Result::unwrap).collect();
    assert_eq!(
        (lines[0].quantity, lines[0].unit_price),
        (1000, dec!(1234.50))
    );
    assert_eq!(lines[1].unit_price, dec!(7.5));

    let file = format!("{HEADER}2024-01-01,A,1,X,,2,\"1,234\",EUR\n");
    assert_row_error(
        &only_error(file.as_bytes()),
        2,
        "unit_price",
        RowErrorKind::AmbiguousNumber,
    );

    let file = format!(
        "{HEADER}2024-01-01,A,1,X,,2,\"1,234.00\",EUR\n2024-01-01,B,1,X,,2,9.99,EUR\n\
         2024-01-01,C,1,X,,2,\"9,99\",EUR\n"
    );
    assert_row_error(
        &only_error(file.as_bytes()),
        4,
        "unit_price",
        RowErrorKind::NumberStyleConflict,
    );
}

#[test]
fn negative_zero_is_zero_and_quantities_must_be_whole_and_positive() {
    let file = format!(
        "{HEADER}2024-01-01,A,1,X,,1,-0.00,EUR\n2024-01-01,B,1,X,,-0,1.00,EUR\n\
         2024-01-01,C,1,X,,1.5,1.00,EUR\n2024-01-01,D,1,X,,1,-2.00,EUR\n"
    );
    let results = rows(file.as_bytes());
    let free = results[0].as_ref().unwrap();
    assert!(free.unit_price.is_zero() && free.unit_price.is_sign_positive());
    assert_row_error(
        results[1].as_ref().unwrap_err(),
        3,
        "quantity",
        RowErrorKind::ZeroQuantity,
    );
    assert_row_error(
        results[2].as_ref().unwrap_err(),
        4,
        "quantity",
        RowErrorKind::NonIntegerQuantity,
    );
    assert_row_error(
        results[3].as_ref().unwrap_err(),
        5,
        "unit_price",
        RowErrorKind::NegativePrice,
    );
}

#[test]
fn binary_files_renamed_csv_are_refused() {
    let xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00";
    assert!(matches!(parse(&xlsx[..]), Err(FileError::Binary { .. })));
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
    assert!(matches!(parse(&png[..]), Err(FileError::Binary { .. })));
    let utf16 = b"\xFF\xFEd\x00a\x00";
    assert!(matches!(parse(&utf16[..]), Err(FileError::Binary { .. })));
}

#[test]
fn windows_1252_is_decoded_and_utf8_bom_dropped() {
    let mut file = HEADER.as_bytes().to_vec();
    file.extend_from_slice(b"2024-01-01,A,1,CAF\xC9-\x80,M\xFCnchen,1,2.00,EUR\n");
    let parsed = parse(&file[..]).unwrap();
    assert_eq!(parsed.encoding(), TextEncoding::Windows1252);
    let line = parsed.map(Result::unwrap).next().unwrap();
    assert_eq!(
        (line.sku.as_str(), line.channel.as_deref()),
        ("CAFÉ-€", Some("München"))
    );

    let file = format!("\u{FEFF}{HEADER}2024-01-01,A,1,X,,1,2.00,EUR\n");
    let parsed = parse(file.as_bytes()).unwrap();
    assert_eq!(parsed.encoding(), TextEncoding::Utf8Bom);
    assert_eq!(parsed.count(), 1);
}

#[test]
fn utf8_file_with_a_bad_byte_past_the_sniffed_part_refuses_that_cell() {
    let mut file = HEADER.as_bytes().to_vec();
    let good = b"2024-01-01,A,1,X,,1,2.00,EUR\n";
    while file.len() < 70_000 {
        file.extend_from_slice(good);
    }
    let rows_before = (file.len() - HEADER.len()) / good.len();
    file.extend_from_slice(b"2024-01-01,B,1,CAF\xC9,,1,2.00,EUR\n");
    let parsed = parse(&file[..]).unwrap();
    assert_eq!(parsed.encoding(), TextEncoding::Utf8);
    let error = parsed.filter_map(Result::err).next().unwrap();
    assert_row_error(
        &error,
        rows_before as u64 + 2,
        "sku",
        RowErrorKind::InvalidText,
    );
}

#[test]
fn shopify_continuation_rows_carry_the_order_fields_forward() {
    let file = "Name,Email,Financial Status,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Currency,Notes\n\
                #1001,a@b.c,paid,2024-03-01 23:30:00 +0100,2,Tee,19.90,TEE-M,EUR,\"gift,\nwrap\"\n\
                #1001,,,,1,Cap,9.00,CAP-1,,\n\
                #1002,c@d.e,paid,2024-03-02 08:00:00 +0100,1,Tee,19.90,,EUR,\n";
    let parsed = parse(file.as_bytes()).unwrap();
    assert_eq!(parsed.layout(), Layout::Shopify);
    let results: Vec<_> = parsed.collect();
    let second = results[1].as_ref().unwrap();
    assert_eq!(
        (
            second.order_id.as_str(),
            second.line_no,
            second.date.to_string(),
            second.currency.as_str()
        ),
        ("#1001", 2, "2024-03-01".to_owned(), "EUR")
    );
    assert_row_error(
        results[2].as_ref().unwrap_err(),
        4,
        "Lineitem sku",
        RowErrorKind::MissingValue,
    );
}

#[test]
fn amazon_line_totals_become_unit_prices_and_cancelled_lines_are_skipped() {
    let file = "amazon-order-id\tmerchant-order-id\tpurchase-date\torder-status\tsales-channel\tsku\tquantity\tcurrency\titem-price\n\
                302-1\t\t2024-03-01T10:00:00+00:00\tShipped\tAmazon.de\tTEE-M\t3\tEUR\t59.70\n\
                302-2\t\t2024-03-01T11:00:00+00:00\tCancelled\tAmazon.de\tTEE-M\t0\tEUR\t\n\
                302-3\t\t2024-03-02T11:00:00+00:00\tPending\tAmazon.de\tTEE-M\t1\tEUR\t\n\
                302-4\t\t2024-03-02T12:00:00+00:00\tShipped\tAmazon.de\tCAP-1\t3\tEUR\t10.00\n";
    let mut parsed = parse(file.as_bytes()).unwrap();
    assert_eq!(
        (parsed.layout(), parsed.delimiter()),
        (Layout::Amazon, b'\t')
    );
    let lines: Vec<SaleLine> = parsed.by_ref().map(Result::unwrap).collect();
    assert_eq!(parsed.skipped(), 2);
    assert_eq!(lines.len(), 2);
    assert_eq!(
        (lines[0].unit_price, lines[0].channel.as_deref()),
        (dec!(19.90), Some("Amazon.de"))
    );
    assert_eq!(lines[1].unit_price, dec!(3.3333));
}

#[test]
fn lines_of_a_template_order_are_numbered_when_the_line_column_is_absent() {
    let file = "date,order_id,sku,quantity,unit_price,currency\n\
                2024-01-01,A,X,1,1.00,EUR\n2024-01-01,A,Y,1,1.00,EUR\n2024-01-01,B,X,1,1.00,EUR\n";
    let numbers: Vec<u32> = rows(file.as_bytes())
        .into_iter()
        .map(|r| r.unwrap().line_no)
        .collect();
    assert_eq!(numbers, [1, 2, 1]);
}

proptest! {
    /// Whatever the bytes, parsing ends without a panic, and row numbers only grow.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(parsed) = parse(&bytes[..]) {
            let mut last = 1;
            for error in parsed.filter_map(Result::err) {
                prop_assert!(error.row > last);
                last = error.row;
            }
        }
    }

    /// A well-formed template row comes back exactly, with or without thousands separators.
    #[test]
    fn template_rows_round_trip(
        quantity in 1u32..5_000_000,
        cents in 0u64..1_000_000_000,
        grouped in any::<bool>(),
        comma_style in any::<bool>(),
    ) {
        let price = rust_decimal::Decimal::new(cents as i64, 2);
        let int = (cents / 100).to_string();
        let (thousands, decimal, delimiter) = if comma_style { ('.', ',', ';') } else { (',', '.', ',') };
        let group = |digits: &str| -> String {
            if !grouped { return digits.to_owned(); }
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i).is_multiple_of(3) { out.push(thousands); }
                out.push(c);
            }
            out
        };
        let price_text = format!("{}{decimal}{:02}", group(&int), cents % 100);
        let quantity_text = group(&quantity.to_string());
        let d = delimiter;
        let file = format!(
            "date{d}order_id{d}sku{d}quantity{d}unit_price{d}currency\n\
             2024-05-06{d}A{d}X{d}\"{quantity_text}\"{d}\"{price_text}\"{d}EUR\n"
        );
        let results: Vec<_> = parse(file.as_bytes()).unwrap().collect();
        match &results[0] {
            Ok(line) => {
                prop_assert_eq!(line.quantity, quantity);
                prop_assert_eq!(line.unit_price, price);
            }
            // Only a value whose separator reads both ways may be refused.
            Err(error) => prop_assert_eq!(error.kind, RowErrorKind::AmbiguousNumber, "{:?}", error),
        }
    }
}

/// A generated file of `rows` rows that records how far it has been read.
struct Generated {
    rows: usize,
    next: usize,
    pending: Vec<u8>,
    served: std::rc::Rc<std::cell::Cell<usize>>,
}

impl std::io::Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pending.is_empty() {
            if self.next > self.rows {
                return Ok(0);
            }
            self.pending = if self.next == 0 {
                HEADER.as_bytes().to_vec()
            } else {
                format!("2024-01-01,O-{},1,TEE-M,web,1,9.99,EUR\n", self.next).into_bytes()
            };
            self.next += 1;
        }
        let n = buf.len().min(self.pending.len());
        buf[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        self.served.set(self.served.get() + n);
        Ok(n)
    }
}

#[test]
fn a_large_file_is_read_as_it_is_iterated_not_up_front() {
    let served = std::rc::Rc::new(std::cell::Cell::new(0));
    let source = Generated {
        rows: 300_000,
        next: 0,
        pending: Vec::new(),
        served: served.clone(),
    };
    let parsed = parse(source).unwrap();
    // The sniffed bytes and the convention window, not the ~12 MB file.
    assert!(
        served.get() < 256 * 1024,
        "{} bytes read up front",
        served.get()
    );
    assert_eq!(parsed.filter(Result::is_ok).count(), 300_000);
    assert!(served.get() > 10_000_000);
}

#[test]
fn an_xlsx_sheet_reads_with_real_dates_numbers_and_unevaluated_formulas() {
    let bytes = include_bytes!("data/sales.xlsx");
    let csv = sentia_import::xlsx::to_csv(bytes).unwrap();
    let parsed = sentia_import::parse(csv.as_slice()).unwrap();
    assert_eq!(parsed.layout(), sentia_import::Layout::Template);
    let lines: Vec<_> = parsed.collect::<Result<_, _>>().unwrap();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0].date.to_string(), "2024-03-01");
    assert_eq!(lines[0].unit_price.to_string(), "29.99");
    assert_eq!(lines[1].unit_price.to_string(), "30");
    assert_eq!(lines[2].sku, "=HYPERLINK(\"http://x\")");
    assert_eq!(lines[2].quantity, 3);
    assert_eq!(lines[2].row, 4);
}

#[test]
fn a_file_that_is_no_workbook_is_refused_as_one() {
    let err = sentia_import::xlsx::to_csv(b"PK\x03\x04 not really a zip").unwrap_err();
    assert!(
        matches!(err, sentia_import::FileError::Workbook { .. }),
        "{err:?}"
    );
}
