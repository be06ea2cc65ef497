//! Files of other layouts: previewed for choosing columns, then read through the mapping.

use rust_decimal_macros::dec;
use sentia_import::{parse, parse_with, preview, Field, FileError, Layout, Mapping, RowErrorKind};

/// An ERP export Sentia does not know: other names, other order, extra columns.
const ERP: &str = "Belegdatum;Beleg;Artikel;Menge;Preis;Währung;Kanal;Notiz\n\
                   2024-03-01;B-1;RED-UK;2;29,99;GBP;Amazon UK;first\n\
                   \n\
                   2024-03-02;B-2;GOLD-EU;1;59,00;EUR;Shopify EU;\n\
                   2024-03-03;B-3;RED-UK;x;29,99;GBP;Amazon UK;bad quantity\n";

fn erp_mapping() -> Mapping {
    Mapping {
        columns: vec![
            (Field::Date, "belegdatum".into()),
            (Field::Order, "Beleg".into()),
            (Field::Sku, "Artikel".into()),
            (Field::Quantity, "Menge".into()),
            (Field::Price, "Preis".into()),
            (Field::Currency, "Währung".into()),
            (Field::Channel, " Kanal ".into()),
        ],
    }
}

#[test]
fn an_unknown_header_is_previewed_with_its_first_rows_and_no_layout() {
    assert!(matches!(
        parse(ERP.as_bytes()),
        Err(FileError::UnknownLayout { .. })
    ));
    let p = preview(ERP.as_bytes(), 2).unwrap();
    assert_eq!(p.layout, None);
    assert_eq!(p.header[0], "Belegdatum");
    assert_eq!(p.header.len(), 8);
    assert_eq!(p.rows.len(), 2, "blank lines are not rows");
    assert_eq!(p.rows[1][2], "GOLD-EU");
}

#[test]
fn a_known_header_is_previewed_with_its_layout() {
    let file =
        "date,order_id,sku,quantity,unit_price,currency\n2024-03-01,A-1,RED-UK,2,29.99,GBP\n";
    assert_eq!(
        preview(file.as_bytes(), 5).unwrap().layout,
        Some(Layout::Template)
    );
}

#[test]
fn a_mapped_file_reads_like_the_template_with_row_errors_on_the_chosen_columns() {
    let parsed = parse_with(ERP.as_bytes(), Some(&erp_mapping())).unwrap();
    assert_eq!(parsed.layout(), Layout::Mapped);
    let rows: Vec<_> = parsed.collect();
    let first = rows[0].as_ref().unwrap();
    assert_eq!(
        (first.row, first.sku.as_str(), first.quantity),
        (2, "RED-UK", 2)
    );
    assert_eq!(first.unit_price, dec!(29.99));
    assert_eq!(first.channel.as_deref(), Some("Amazon UK"));
    let error = rows[2].as_ref().unwrap_err();
    assert_eq!(
        (error.row, error.column.as_deref(), error.kind),
        (5, Some("Menge"), RowErrorKind::InvalidNumber)
    );
}

#[test]
fn a_mapping_that_misses_a_required_field_or_names_an_absent_column_is_refused() {
    let mut no_price = erp_mapping();
    no_price.columns.retain(|(f, _)| *f != Field::Price);
    match parse_with(ERP.as_bytes(), Some(&no_price)) {
        Err(FileError::MissingColumns { layout, columns }) => {
            assert_eq!(layout, Layout::Mapped);
            assert_eq!(columns, ["unit_price (not chosen)"]);
        }
        other => panic!("{:?}", other.map(|p| p.layout())),
    }
    let mut absent = erp_mapping();
    absent.columns[0].1 = "Datum".into();
    assert!(matches!(
        parse_with(ERP.as_bytes(), Some(&absent)),
        Err(FileError::MissingColumns { columns, .. }) if columns == ["Datum"]
    ));
}

#[test]
fn a_stated_revenue_must_be_quantity_times_unit_price_within_rounding() {
    let file = "date,order_id,sku,quantity,unit_price,currency,revenue\n\
                2024-03-01,A-1,RED-UK,2,29.99,GBP,59.98\n\
                2024-03-01,A-2,RED-UK,3,33.33,GBP,100.00\n\
                2024-03-02,A-3,RED-UK,2,29.99,GBP,29.99\n\
                2024-03-02,A-4,RED-UK,1,10.00,GBP,\n";
    let rows: Vec<_> = parse(file.as_bytes()).unwrap().collect();
    assert!(rows[0].is_ok(), "exact");
    assert!(
        rows[1].is_ok(),
        "99.99 stated as 100.00: a cent of rounding"
    );
    let error = rows[2].as_ref().unwrap_err();
    assert_eq!(
        (error.row, error.column.as_deref(), error.kind),
        (4, Some("revenue"), RowErrorKind::RevenueMismatch)
    );
    assert!(
        error.message.contains("2 × 29.99 = 59.98"),
        "{}",
        error.message
    );
    assert!(rows[3].is_ok(), "a blank revenue is not checked");
}
