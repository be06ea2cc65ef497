//! Cell values: numbers with thousands separators or decimal commas, and dates.
//!
//! Both are read under the file's conventions ([`NumberStyle`], [`DateFormat`]), decided
//! from the first rows of the file (see `crate::WINDOW_ROWS`): a value that only one
//! convention can read is evidence, an ambiguous one (`1,234`, `03/04/2024`) is read under
//! the file's convention or refused, never guessed.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

use crate::RowErrorKind;

/// Which character separates the decimals in the file's numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberStyle {
    /// `1,234.56`: a dot before the decimals, commas between thousands.
    DecimalDot,
    /// `1.234,56`: a comma before the decimals, dots between thousands.
    DecimalComma,
}

/// How the file writes its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFormat {
    /// `2024-01-31`, optionally followed by a time (`T10:00:00+00:00`, ` 10:00:00 +0100`).
    Iso,
    /// `31/01/2024` or `31.01.2024`.
    DayMonthYear,
    /// `01/31/2024`.
    MonthDayYear,
    /// Slash dates whose day and month order nothing in the file tells apart.
    Undecided,
}

/// What a number's separators say about the file's style, if anything.
pub(crate) fn number_evidence(raw: &str) -> Option<NumberStyle> {
    let body = raw.trim().trim_start_matches(['-', '+']);
    let (commas, dots) = (body.matches(',').count(), body.matches('.').count());
    match (commas, dots) {
        (0, 0) => None,
        (_, 0) => separator_evidence(body, ',', commas).map(|dec| {
            if dec {
                NumberStyle::DecimalComma
            } else {
                NumberStyle::DecimalDot
            }
        }),
        (0, _) => separator_evidence(body, '.', dots).map(|dec| {
            if dec {
                NumberStyle::DecimalDot
            } else {
                NumberStyle::DecimalComma
            }
        }),
        _ => {
            if body.rfind(',') > body.rfind('.') {
                Some(NumberStyle::DecimalComma)
            } else {
                Some(NumberStyle::DecimalDot)
            }
        }
    }
}

/// Whether the only separator in `body` is a decimal separator (`Some(true)`), a thousands
/// separator (`Some(false)`) or could be either (`None`).
fn separator_evidence(body: &str, sep: char, count: usize) -> Option<bool> {
    if count > 1 {
        // `1,234,567` is thousands; `1.2.3` is no number at all, so it shows nothing.
        let mut groups = body.split(sep);
        let first = groups.next().unwrap_or_default();
        let grouped = (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3);
        return grouped.then_some(false);
    }
    let (int, frac) = body.split_once(sep)?;
    if frac.len() != 3 || int.is_empty() || int.starts_with('0') || int.len() > 3 {
        Some(true)
    } else {
        None
    }
}

/// Reads a decimal number under the file's style (`None` while the file has not shown one).
pub(crate) fn parse_number(raw: &str, style: Option<NumberStyle>) -> Result<Decimal, RowErrorKind> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(RowErrorKind::MissingValue);
    }
    let (negative, body) = match text.as_bytes()[0] {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return Err(RowErrorKind::InvalidNumber);
    }
    let evidence = number_evidence(body);
    let style = match (evidence, style) {
        (Some(own), Some(file)) if own != file => return Err(RowErrorKind::NumberStyleConflict),
        (Some(own), _) => own,
        (None, Some(file)) => file,
        (None, None) if body.contains([',', '.']) => return Err(RowErrorKind::AmbiguousNumber),
        (None, None) => NumberStyle::DecimalDot,
    };
    let (decimal, thousands) = match style {
        NumberStyle::DecimalDot => ('.', ','),
        NumberStyle::DecimalComma => (',', '.'),
    };
    let (int, frac) = match body.split_once(decimal) {
        Some((int, frac)) if !frac.contains([',', '.']) && !frac.is_empty() => (int, Some(frac)),
        Some(_) => return Err(RowErrorKind::InvalidNumber),
        None => (body, None),
    };
    let digits = if int.contains(thousands) {
        let mut groups = int.split(thousands);
        let first = groups.next().unwrap_or_default();
        let grouped = !first.is_empty() && first.len() <= 3 && groups.all(|g| g.len() == 3);
        if !grouped {
            return Err(RowErrorKind::InvalidNumber);
        }
        int.replace(thousands, "")
    } else {
        int.to_owned()
    };
    if digits.is_empty() {
        return Err(RowErrorKind::InvalidNumber);
    }
    let plain = match frac {
        Some(frac) => format!("{digits}.{frac}"),
        None => digits,
    };
    let mut value = Decimal::from_str(&plain).map_err(|_| RowErrorKind::InvalidNumber)?;
    // `-0` and `-0.00` are zero: a negative zero must not reach a sign check or the database.
    value.set_sign_negative(negative && !value.is_zero());
    Ok(value)
}

/// The shape of a date cell before the file's format is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateShape {
    Iso(i32, u32, u32),
    /// `a/b/yyyy`: day and month in an order the file decides.
    Slashed(u32, u32, i32),
    /// `d.m.yyyy`: always day first.
    Dotted(u32, u32, i32),
}

/// Splits a date cell into its parts; a time after the date (`T…` or ` …`) is ignored:
/// the date is the calendar day as the file writes it (the shop's local day), never
/// converted to another time zone.
pub(crate) fn date_shape(raw: &str) -> Option<DateShape> {
    let text = raw.trim();
    let token = text.split([' ', 'T']).next()?;
    let num = |s: &str, max_len: usize| -> Option<u32> {
        if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
            None
        } else {
            s.parse().ok()
        }
    };
    let parts: Vec<&str> = if token.contains('-') {
        token.split('-').collect()
    } else if token.contains('/') {
        token.split('/').collect()
    } else {
        token.split('.').collect()
    };
    if parts.len() != 3 {
        return None;
    }
    if token.contains('-') {
        if parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
            return None;
        }
        return Some(DateShape::Iso(
            num(parts[0], 4)? as i32,
            num(parts[1], 2)?,
            num(parts[2], 2)?,
        ));
    }
    // Two-digit years are refused: the century would be a guess.
    if parts[2].len() != 4 {
        return None;
    }
    let (a, b, y) = (
        num(parts[0], 2)?,
        num(parts[1], 2)?,
        num(parts[2], 4)? as i32,
    );
    Some(if token.contains('/') {
        DateShape::Slashed(a, b, y)
    } else {
        DateShape::Dotted(a, b, y)
    })
}

/// Tallies date shapes over the first rows and decides the file's format.
#[derive(Debug, Default)]
pub(crate) struct DateVotes {
    iso: usize,
    slashed: usize,
    day_first: usize,
    month_first: usize,
}

impl DateVotes {
    pub(crate) fn add(&mut self, shape: DateShape) {
        match shape {
            DateShape::Iso(..) => self.iso += 1,
            DateShape::Dotted(..) => {
                self.slashed += 1;
                self.day_first += 1;
            }
            DateShape::Slashed(a, b, _) => {
                self.slashed += 1;
                if a > 12 && b <= 12 {
                    self.day_first += 1;
                } else if b > 12 && a <= 12 {
                    self.month_first += 1;
                }
            }
        }
    }

    /// The dominant family wins (ISO on a tie); within day/month dates, the order that the
    /// unambiguous rows show most, or none when they show neither or both equally.
    pub(crate) fn decide(&self) -> DateFormat {
        if self.iso >= self.slashed {
            DateFormat::Iso
        } else if self.day_first > self.month_first {
            DateFormat::DayMonthYear
        } else if self.month_first > self.day_first {
            DateFormat::MonthDayYear
        } else {
            DateFormat::Undecided
        }
    }
}

/// Reads a date under the file's format.
pub(crate) fn parse_date(raw: &str, format: DateFormat) -> Result<NaiveDate, RowErrorKind> {
    if raw.trim().is_empty() {
        return Err(RowErrorKind::MissingValue);
    }
    let shape = date_shape(raw).ok_or(RowErrorKind::InvalidDate)?;
    let (y, m, d) = match (shape, format) {
        (DateShape::Iso(y, m, d), DateFormat::Iso) => (y, m, d),
        (DateShape::Iso(..), _) | (_, DateFormat::Iso) => {
            return Err(RowErrorKind::DateFormatConflict)
        }
        (DateShape::Dotted(d, m, y), DateFormat::DayMonthYear) => (y, m, d),
        (DateShape::Dotted(..), _) => return Err(RowErrorKind::DateFormatConflict),
        (DateShape::Slashed(d, m, y), DateFormat::DayMonthYear) => {
            if m > 12 && d <= 12 {
                return Err(RowErrorKind::DateFormatConflict);
            }
            (y, m, d)
        }
        (DateShape::Slashed(m, d, y), DateFormat::MonthDayYear) => {
            if m > 12 && d <= 12 {
                return Err(RowErrorKind::DateFormatConflict);
            }
            (y, m, d)
        }
        (DateShape::Slashed(a, b, y), DateFormat::Undecided) => {
            // Only a date that one order cannot read is unambiguous on its own.
            if a > 12 && b <= 12 {
                (y, b, a)
            } else if b > 12 && a <= 12 {
                (y, a, b)
            } else {
                return Err(RowErrorKind::AmbiguousDate);
            }
        }
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or(RowErrorKind::InvalidDate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn numbers_follow_the_file_style_only_when_ambiguous() {
        let dot = Some(NumberStyle::DecimalDot);
        let comma = Some(NumberStyle::DecimalComma);
        assert_eq!(parse_number("1,234.50", None), Ok(dec!(1234.50)));
        assert_eq!(parse_number("1.234,50", None), Ok(dec!(1234.50)));
        assert_eq!(parse_number("12,5", None), Ok(dec!(12.5)));
        assert_eq!(parse_number("0,500", None), Ok(dec!(0.500)));
        assert_eq!(
            parse_number("1,234", None),
            Err(RowErrorKind::AmbiguousNumber)
        );
        assert_eq!(parse_number("1,234", dot), Ok(dec!(1234)));
        assert_eq!(parse_number("1,234", comma), Ok(dec!(1.234)));
        assert_eq!(
            parse_number("12,5", dot),
            Err(RowErrorKind::NumberStyleConflict)
        );
        assert_eq!(
            parse_number("1,23,4.5", dot),
            Err(RowErrorKind::InvalidNumber)
        );
        assert_eq!(parse_number("1.2.3", dot), Err(RowErrorKind::InvalidNumber));
        assert_eq!(parse_number("=1+1", dot), Err(RowErrorKind::InvalidNumber));
        assert_eq!(parse_number("", dot), Err(RowErrorKind::MissingValue));
    }

    #[test]
    fn negative_zero_is_plain_zero() {
        let zero = parse_number("-0.00", None).unwrap();
        assert!(zero.is_zero() && zero.is_sign_positive());
        assert_eq!(parse_number("-1.50", None), Ok(dec!(-1.50)));
    }

    #[test]
    fn dates_never_swap_day_and_month() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            parse_date("2024-01-31", DateFormat::Iso),
            Ok(d(2024, 1, 31))
        );
        assert_eq!(
            parse_date("2024-01-31 23:10:00 +0100", DateFormat::Iso),
            Ok(d(2024, 1, 31))
        );
        assert_eq!(
            parse_date("03/04/2024", DateFormat::DayMonthYear),
            Ok(d(2024, 4, 3))
        );
        assert_eq!(
            parse_date("03/04/2024", DateFormat::MonthDayYear),
            Ok(d(2024, 3, 4))
        );
        assert_eq!(
            parse_date("03/04/2024", DateFormat::Undecided),
            Err(RowErrorKind::AmbiguousDate)
        );
        assert_eq!(
            parse_date("12/25/2024", DateFormat::DayMonthYear),
            Err(RowErrorKind::DateFormatConflict)
        );
        assert_eq!(
            parse_date("2024-02-30", DateFormat::Iso),
            Err(RowErrorKind::InvalidDate)
        );
        assert_eq!(
            parse_date("03/04/24", DateFormat::DayMonthYear),
            Err(RowErrorKind::InvalidDate)
        );
    }
}
