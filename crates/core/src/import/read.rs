//! Reading a sales file on a thread of its own: parsed lines become `COPY` CSV chunks,
//! handed over through a small channel, so parsing and the database work at once and
//! memory stays flat in the file's size.

use std::fs::File;
use std::io::{BufReader, Cursor, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use sentia_import::{
    parse_with, FileError, Layout, Mapping, Preview, RowError, RowErrorKind, SaleLine,
};
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;
use uuid::Uuid;

use super::{column_names, import_layout, ColumnNames, ImportLayout};
use crate::job::Cancel;
use crate::AppError;

/// Bytes of CSV per `COPY` chunk.
const CHUNK_BYTES: usize = 1 << 20;
/// Chunks parsed ahead of the database.
const CHUNKS_AHEAD: usize = 4;
/// A ZIP archive (XLSX) and an OLE compound file (an encrypted XLSX, or an old XLS).
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// What the reading thread hands over.
pub(super) enum Staged {
    /// The next rows, as `COPY` CSV, and the row errors among them.
    Chunk {
        csv: Vec<u8>,
        rows_read: u64,
        fraction_read: f64,
        errors: Vec<RowError>,
    },
    /// The file is read.
    End { skipped: u64, sha256: String },
}

/// A file being read.
pub(super) struct Reader {
    layout: Layout,
    /// The header's names.
    pub(super) header: Vec<String>,
    /// Header names of the fields the database check may refuse.
    pub(super) columns: ColumnNames,
    chunks: mpsc::Receiver<Result<Staged, AppError>>,
}

fn bad_file(file: &str, message: String) -> AppError {
    AppError::BadFile {
        file: file.to_owned(),
        message,
    }
}

/// A file's rows as CSV text (an XLSX workbook's first sheet converted), with the SHA-256
/// of its bytes and how many have been read, as it is read.
struct Source {
    reader: Box<dyn Read + Send>,
    total: u64,
    hasher: Arc<Mutex<Sha256>>,
    read: Arc<AtomicU64>,
}

impl Source {
    fn open(path: &Path, file: &str) -> Result<Self, AppError> {
        let bad = |message: String| bad_file(file, message);
        let mut handle = File::open(path).map_err(|e| AppError::File {
            path: path.to_string_lossy().into_owned(),
            message: e.to_string(),
        })?;
        let total = handle.metadata().map(|m| m.len()).unwrap_or(0).max(1);
        let mut magic = [0u8; 8];
        let magic_len = read_up_to(&mut handle, &mut magic).map_err(|e| bad(e.to_string()))?;
        let magic = &magic[..magic_len];
        let hasher = Arc::new(Mutex::new(Sha256::new()));
        let read = Arc::new(AtomicU64::new(0));
        let source: Box<dyn Read + Send> = if magic.starts_with(OLE_MAGIC) {
            return Err(bad(
                "the workbook is password-protected or an old .xls file; save it as .xlsx without a password"
                    .into(),
            ));
        } else if magic.starts_with(ZIP_MAGIC) {
            let mut bytes = magic.to_vec();
            handle
                .read_to_end(&mut bytes)
                .map_err(|e| bad(e.to_string()))?;
            hasher
                .lock()
                .map_err(|e| AppError::internal(&e))?
                .update(&bytes);
            read.store(total, Ordering::Relaxed);
            let csv = sentia_import::xlsx::to_csv(&bytes).map_err(|e| bad(e.to_string()))?;
            Box::new(Cursor::new(csv))
        } else {
            Box::new(Hashing {
                inner: Cursor::new(magic.to_vec()).chain(BufReader::with_capacity(1 << 16, handle)),
                hasher: hasher.clone(),
                read: read.clone(),
            })
        };
        Ok(Source {
            reader: source,
            total,
            hasher,
            read,
        })
    }
}

/// The header and first `rows` rows of the file at `path`, and its layout if recognised.
pub(super) fn preview(path: &Path, file: &str, rows: usize) -> Result<Preview, AppError> {
    let source = Source::open(path, file)?;
    sentia_import::preview(source.reader, rows).map_err(|e| bad_file(file, e.to_string()))
}

impl Reader {
    /// Opens `path`, recognises its layout (refusing it unless it is `expected`, when
    /// given) or reads the columns `mapping` names, and starts reading it for import
    /// `import_id`.
    pub(super) fn open(
        path: &Path,
        file: &str,
        expected: Option<ImportLayout>,
        mapping: Option<&Mapping>,
        import_id: Uuid,
        cancel: Cancel,
    ) -> Result<Self, AppError> {
        let bad = |message: String| bad_file(file, message);
        let Source {
            reader: source,
            total,
            hasher,
            read,
        } = Source::open(path, file)?;
        let parsed = parse_with(source, mapping).map_err(|e: FileError| bad(e.to_string()))?;
        let layout = parsed.layout();
        if let Some(expected) = expected.filter(|&e| e != import_layout(layout)) {
            return Err(bad(format!(
                "the file is in the {layout:?} layout, not {expected:?}"
            )));
        }
        let columns = column_names(|field| parsed.column_name(field).map(str::to_owned));
        let header = parsed.header().to_vec();
        let (send, chunks) = mpsc::channel(CHUNKS_AHEAD);
        std::thread::Builder::new()
            .name("sales-import".into())
            .spawn(move || {
                let total_bytes = total as f64;
                let fraction = || (read.load(Ordering::Relaxed) as f64 / total_bytes).min(1.0);
                let result =
                    stage(parsed, import_id, &cancel, &send, fraction).and_then(|skipped| {
                        let sha256 = hex::encode(
                            hasher
                                .lock()
                                .map_err(|e| AppError::internal(&e))?
                                .finalize_reset(),
                        );
                        Ok(Staged::End { skipped, sha256 })
                    });
                // A closed channel means the import stopped listening: nothing to tell.
                let _ = send.blocking_send(result);
            })
            .map_err(|e| AppError::internal(&e))?;
        Ok(Self {
            layout,
            header,
            columns,
            chunks,
        })
    }

    /// The layout recognised from the header.
    pub(super) fn layout(&self) -> Layout {
        self.layout
    }

    /// The next chunk, or the end.
    pub(super) async fn next(&mut self) -> Result<Staged, AppError> {
        self.chunks
            .recv()
            .await
            .unwrap_or_else(|| Err(AppError::internal(&"the file reader stopped")))
    }
}

/// Parses every line into `COPY` chunks sent on `send`; returns the lines skipped.
fn stage<R: Read>(
    mut parsed: sentia_import::Parsed<R>,
    import_id: Uuid,
    cancel: &Cancel,
    send: &mpsc::Sender<Result<Staged, AppError>>,
    fraction: impl Fn() -> f64,
) -> Result<u64, AppError> {
    let import_id = import_id.to_string();
    let mut csv = new_chunk();
    let mut errors = Vec::new();
    let mut rows_read = 0u64;
    for item in parsed.by_ref() {
        rows_read += 1;
        match item {
            Ok(line) => match nul_cell(&line) {
                Some(error) => errors.push(error),
                None => {
                    write_line(&mut csv, &import_id, &line).map_err(|e| AppError::internal(&e))?
                }
            },
            Err(error) => errors.push(error),
        }
        if csv.get_ref().len() >= CHUNK_BYTES {
            cancel.check()?;
            let chunk = std::mem::replace(&mut csv, new_chunk());
            let chunk = Staged::Chunk {
                csv: chunk
                    .into_inner()
                    .map_err(|e| AppError::internal(e.error()))?,
                rows_read,
                fraction_read: fraction(),
                errors: std::mem::take(&mut errors),
            };
            if send.blocking_send(Ok(chunk)).is_err() {
                return Err(AppError::Cancelled);
            }
        }
    }
    let last = Staged::Chunk {
        csv: csv
            .into_inner()
            .map_err(|e| AppError::internal(e.error()))?,
        rows_read,
        fraction_read: 1.0,
        errors,
    };
    if send.blocking_send(Ok(last)).is_err() {
        return Err(AppError::Cancelled);
    }
    Ok(parsed.skipped())
}

fn new_chunk() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::with_capacity(CHUNK_BYTES + (CHUNK_BYTES >> 4)))
}

fn write_line(csv: &mut csv::Writer<Vec<u8>>, import_id: &str, l: &SaleLine) -> csv::Result<()> {
    csv.write_record([
        import_id,
        &l.row.to_string(),
        &l.order_id,
        &l.line_no.to_string(),
        &l.date.to_string(),
        &l.sku,
        l.channel.as_deref().unwrap_or(""),
        &l.quantity.to_string(),
        &l.unit_price.to_string(),
        &l.currency,
    ])
}

/// PostgreSQL text cannot hold a NUL character: such a cell is refused on its row.
fn nul_cell(l: &SaleLine) -> Option<RowError> {
    let cells = [&l.order_id, &l.sku];
    let bad = cells
        .into_iter()
        .chain(l.channel.as_ref())
        .find(|c| c.contains('\0'))?;
    Some(RowError {
        row: l.row,
        column: None,
        kind: RowErrorKind::InvalidText,
        message: "the cell contains a NUL character".into(),
        value: Some(bad.replace('\0', "\u{FFFD}")),
    })
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Hashes and counts the bytes the parser reads.
struct Hashing<R> {
    inner: R,
    hasher: Arc<Mutex<Sha256>>,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut hasher) = self.hasher.lock() {
            hasher.update(&buf[..n]);
        }
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}
