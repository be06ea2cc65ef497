//! Encoding and delimiter detection from the first bytes of a file.

use crate::FileError;

/// How many bytes are looked at to detect the encoding and the delimiter.
pub(crate) const SNIFF_BYTES: usize = 64 * 1024;

/// The text encoding of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 starting with the byte-order mark Excel writes (`EF BB BF`), which is dropped.
    Utf8Bom,
    /// Windows-1252 (a superset of Latin-1 in practice): what Excel on Windows writes for
    /// "CSV (comma delimited)". Chosen when the first bytes are not valid UTF-8.
    Windows1252,
}

impl TextEncoding {
    /// Decodes one cell. Windows-1252 maps every byte, so only UTF-8 can fail: a file that
    /// starts as UTF-8 and has an invalid byte later is refused on that cell.
    pub(crate) fn decode(self, bytes: &[u8]) -> Option<String> {
        match self {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => {
                std::str::from_utf8(bytes).ok().map(str::to_owned)
            }
            TextEncoding::Windows1252 => Some(
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(bytes)
                    .0
                    .into_owned(),
            ),
        }
    }
}

/// Detects the encoding of `head` (the file's first bytes; `complete` when that is the
/// whole file) and returns it with the number of bytes to skip (the BOM).
pub(crate) fn encoding(head: &[u8], complete: bool) -> Result<(TextEncoding, usize), FileError> {
    if head.starts_with(b"PK\x03\x04") {
        return Err(FileError::Binary {
            reason: "it is a ZIP archive (an XLSX workbook saved with a .csv name?)".into(),
        });
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(FileError::Binary {
            reason: "it is UTF-16 text; save it as CSV UTF-8".into(),
        });
    }
    if head.contains(&0) {
        return Err(FileError::Binary {
            reason: "it contains NUL bytes, which no text file has".into(),
        });
    }
    // Control characters other than tab, line feed, carriage return and form feed do not
    // occur in exports; a few in a row of text is binary data.
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    if controls * 100 > head.len() {
        return Err(FileError::Binary {
            reason: "it is mostly control characters".into(),
        });
    }
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Ok((TextEncoding::Utf8Bom, 3));
    }
    let utf8 = match std::str::from_utf8(head) {
        Ok(_) => true,
        // A character cut by the end of the sniffed bytes is still UTF-8.
        Err(e) => e.error_len().is_none() && !complete,
    };
    Ok((
        if utf8 {
            TextEncoding::Utf8
        } else {
            TextEncoding::Windows1252
        },
        0,
    ))
}

/// The delimiter the header line uses most, outside quotes: comma, semicolon or tab
/// (comma when it has none, i.e. a one-column file).
pub(crate) fn delimiter(text: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in text {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b';', b'\t'];
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    candidates[best]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_ignores_separators_inside_quotes() {
        assert_eq!(delimiter(b"a;\"b,c,d\";e\n1,2,3,4"), b';');
        assert_eq!(delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(delimiter(b"a,b;c,d"), b',');
        assert_eq!(delimiter(b"single"), b',');
    }

    #[test]
    fn encoding_tells_utf8_from_windows_1252() {
        assert_eq!(
            encoding("café".as_bytes(), true).unwrap().0,
            TextEncoding::Utf8
        );
        assert_eq!(
            encoding(b"caf\xE9", true).unwrap().0,
            TextEncoding::Windows1252
        );
        assert_eq!(
            encoding(b"\xEF\xBB\xBFa", true).unwrap(),
            (TextEncoding::Utf8Bom, 3)
        );
        // "é" cut in half at the end of the sniffed bytes.
        assert_eq!(encoding(b"caf\xC3", false).unwrap().0, TextEncoding::Utf8);
        assert_eq!(
            TextEncoding::Windows1252.decode(b"\x80 caf\xE9").as_deref(),
            Some("€ café")
        );
    }
}
