//! Layouts recognised from the header, and where each field is in them.

use crate::FileError;

/// A file layout Sentia recognises from its header alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Sentia's own template: `date,order_id,line,sku,channel,quantity,unit_price,currency`.
    Template,
    /// Shopify admin, Orders → Export orders (CSV, one row per line item).
    Shopify,
    /// Amazon Seller Central "All Orders" report (tab-separated flat file).
    Amazon,
    /// Any other file, read through the columns the user chose ([`Mapping`]) with the
    /// template's meaning: one row per order line, the price of one unit.
    Mapped,
}

/// A field of a sale line, as a layout names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The order's day.
    Date,
    /// The order's reference.
    Order,
    /// The line's position within its order.
    Line,
    /// The product's SKU.
    Sku,
    /// The sales channel.
    Channel,
    /// Units sold.
    Quantity,
    /// Unit price (Amazon: the line's total).
    Price,
    /// Currency code.
    Currency,
    /// The order's status (Amazon).
    Status,
    /// The line's revenue (quantity × unit price), checked when given.
    Revenue,
}

/// (field, header name as the layout writes it (matched in any case), required)
type Spec = &'static [(Field, &'static str, bool)];

const TEMPLATE: Spec = &[
    (Field::Date, "date", true),
    (Field::Order, "order_id", true),
    (Field::Line, "line", false),
    (Field::Sku, "sku", true),
    (Field::Channel, "channel", false),
    (Field::Quantity, "quantity", true),
    (Field::Price, "unit_price", true),
    (Field::Currency, "currency", true),
    (Field::Revenue, "revenue", false),
];

// Shopify adds and renames columns over time, so only these are looked for, by name.
const SHOPIFY: Spec = &[
    (Field::Order, "Name", true),
    (Field::Date, "Created at", true),
    (Field::Quantity, "Lineitem quantity", true),
    (Field::Price, "Lineitem price", true),
    (Field::Sku, "Lineitem sku", true),
    (Field::Currency, "Currency", true),
];

const AMAZON: Spec = &[
    (Field::Order, "amazon-order-id", true),
    (Field::Date, "purchase-date", true),
    (Field::Sku, "sku", true),
    (Field::Quantity, "quantity", true),
    (Field::Price, "item-price", true),
    (Field::Currency, "currency", true),
    (Field::Status, "order-status", false),
    (Field::Channel, "sales-channel", false),
];

/// Where each field of a layout is in the file's columns.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    found: Vec<(Field, usize)>,
    /// Enough cells for every required column.
    pub(crate) required_len: usize,
}

impl Columns {
    pub(crate) fn get(&self, field: Field) -> Option<usize> {
        self.found
            .iter()
            .find(|(f, _)| *f == field)
            .map(|&(_, i)| i)
    }

    /// The required columns beyond a short row's last cell, in file order.
    pub(crate) fn first_missing(&self, len: usize, spec: Layout) -> Option<usize> {
        let required: Vec<Field> = spec_of(spec).iter().filter(|s| s.2).map(|s| s.0).collect();
        self.found
            .iter()
            .filter(|(f, i)| required.contains(f) && *i >= len)
            .map(|&(_, i)| i)
            .min()
    }
}

fn spec_of(layout: Layout) -> Spec {
    match layout {
        Layout::Template | Layout::Mapped => TEMPLATE,
        Layout::Shopify => SHOPIFY,
        Layout::Amazon => AMAZON,
    }
}

/// Recognises the layout from the header's names (trimmed, any case) and finds its columns.
pub(crate) fn recognise(header: &[String]) -> Result<(Layout, Columns), FileError> {
    let names: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let has = |n: &str| names.iter().any(|h| h == n);
    let layout = if has("amazon-order-id") {
        Layout::Amazon
    } else if has("name") && names.iter().any(|h| h.starts_with("lineitem ")) {
        Layout::Shopify
    } else if has("order_id") || has("unit_price") {
        Layout::Template
    } else {
        return Err(FileError::UnknownLayout {
            header: header.to_vec(),
        });
    };
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for &(field, name, required) in spec_of(layout) {
        // The first column of a name wins; Shopify has no duplicates among these.
        match names.iter().position(|h| *h == name.to_lowercase()) {
            Some(i) => found.push((field, i)),
            None if required => missing.push(name.to_owned()),
            None => {}
        }
    }
    if !missing.is_empty() {
        return Err(FileError::MissingColumns {
            layout,
            columns: missing,
        });
    }
    let required_len = spec_of(layout)
        .iter()
        .filter(|s| s.2)
        .filter_map(|s| found.iter().find(|(f, _)| *f == s.0).map(|&(_, i)| i + 1))
        .max()
        .unwrap_or(0);
    Ok((
        layout,
        Columns {
            found,
            required_len,
        },
    ))
}

/// The columns a user chose for a file Sentia does not recognise: for each field of the
/// template, the header name of its column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    /// (field, header name); a field named twice takes the first.
    pub columns: Vec<(Field, String)>,
}

impl Mapping {
    /// The fields a mapping may name, with whether each is required: the template's.
    pub fn fields() -> impl Iterator<Item = (Field, bool)> {
        TEMPLATE
            .iter()
            .map(|&(field, _, required)| (field, required))
    }
}

/// Finds the columns `mapping` names in `header` (trimmed, any case).
pub(crate) fn mapped(header: &[String], mapping: &Mapping) -> Result<Columns, FileError> {
    let names: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for (field, required) in Mapping::fields() {
        let chosen = mapping
            .columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, name)| name.trim())
            .filter(|name| !name.is_empty());
        match chosen {
            Some(name) => match names.iter().position(|h| *h == name.to_lowercase()) {
                Some(i) => found.push((field, i)),
                None => missing.push(name.to_owned()),
            },
            None if required => missing.push(format!("{} (not chosen)", field_name(field))),
            None => {}
        }
    }
    if !missing.is_empty() {
        return Err(FileError::MissingColumns {
            layout: Layout::Mapped,
            columns: missing,
        });
    }
    let required_len = found
        .iter()
        .filter(|(f, _)| Mapping::fields().any(|(g, required)| g == *f && required))
        .map(|&(_, i)| i + 1)
        .max()
        .unwrap_or(0);
    Ok(Columns {
        found,
        required_len,
    })
}

/// The template's name of a field, as error messages say it.
pub fn field_name(field: Field) -> &'static str {
    TEMPLATE
        .iter()
        .find(|(f, _, _)| *f == field)
        .map_or("status", |(_, name, _)| name)
}
