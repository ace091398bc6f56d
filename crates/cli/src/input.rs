//! Reading documents from files and streams: what every reader of the CLI does the same way.

use std::cell::Cell;
use std::io::{BufRead, Read};
use std::rc::Rc;

/// Skips a UTF-8 byte order mark at the start of `reader` (Windows tools write one); it is not
/// part of the first document.
pub fn skip_bom(reader: &mut impl BufRead) -> std::io::Result<()> {
    if reader.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
    }
    Ok(())
}

/// Removes a UTF-8 byte order mark from the start of a document read whole.
pub fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Consumes the rest of the current line (up to and including its newline); its length.
pub fn skip_line(reader: &mut impl BufRead) -> std::io::Result<u64> {
    let mut skipped = 0u64;
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok(skipped);
        }
        match buffer.iter().position(|&b| b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(skipped + i as u64 + 1);
            }
            None => {
                let n = buffer.len();
                reader.consume(n);
                skipped += n as u64;
            }
        }
    }
}

/// The bytes a [`Counted`] reader has given: in all, and since the last restart.
#[derive(Clone, Default)]
pub struct Counter(Rc<Cell<(u64, u64)>>);

impl Counter {
    /// Starts a new stretch (one document); the total so far.
    pub fn restart(&self) -> u64 {
        let (total, _) = self.0.get();
        self.0.set((total, 0));
        total
    }

    /// The bytes read in all.
    pub fn total(&self) -> u64 {
        self.0.get().0
    }
}

/// A reader that fails once one stretch between restarts of its [`Counter`] passes `limit`
/// bytes: a parser reading one document of a stream cannot be led to hold more than that.
pub struct Counted<R> {
    inner: R,
    limit: u64,
    counter: Counter,
}

impl<R> Counted<R> {
    /// `inner`, with stretches of at most `limit` bytes.
    pub fn new(inner: R, limit: u64) -> Self {
        Self {
            inner,
            limit,
            counter: Counter::default(),
        }
    }

    /// The counter, to restart it and read it while the reader is in use.
    pub fn counter(&self) -> Counter {
        self.counter.clone()
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let (total, stretch) = self.counter.0.get();
        if stretch >= self.limit {
            return Err(std::io::Error::other(format!(
                "more than {} bytes without the end of a document",
                self.limit
            )));
        }
        let room = usize::try_from(self.limit - stretch).unwrap_or(usize::MAX);
        let end = buf.len().min(room);
        let n = self.inner.read(&mut buf[..end])?;
        self.counter.0.set((total + n as u64, stretch + n as u64));
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stretch_over_the_limit_fails_and_a_restart_begins_a_new_one() {
        let mut reader = Counted::new(&b"0123456789abcdefghij"[..], 8);
        let counter = reader.counter();
        let mut buf = [0u8; 32];
        assert_eq!(reader.read(&mut buf).unwrap(), 8);
        let error = reader.read(&mut buf).unwrap_err();
        assert_eq!(
            error.to_string(),
            "more than 8 bytes without the end of a document"
        );
        assert_eq!(counter.restart(), 8);
        assert_eq!(reader.read(&mut buf).unwrap(), 8);
        assert_eq!(&buf[..8], b"89abcdef");
        assert_eq!(counter.total(), 16);
    }

    #[test]
    fn a_byte_order_mark_is_skipped_once() {
        let mut reader = &b"\xEF\xBB\xBF{}"[..];
        skip_bom(&mut reader).unwrap();
        assert_eq!(reader, b"{}");
        assert_eq!(
            without_bom(b"\xEF\xBB\xBF\xEF\xBB\xBF{}"),
            b"\xEF\xBB\xBF{}"
        );
    }
}
