//! The protocol's framing over stdin and stdout, read by jixiao itself.
//!
//! lsp-server's own reader allocates whatever `Content-Length` says (an
//! absurd length aborts the process) and ends the session at the first
//! message that is not JSON. Here a message that cannot be read is skipped,
//! the reason goes to stderr (the editor's log), and the session goes on:
//! after a broken header the reader looks for the next `Content-Length`.
//! What is read whole is handed to the server through lsp-server's
//! in-memory connection, and what the server sends is written out as
//! lsp-server writes it.

use std::io::{self, BufRead, Write};
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;

use jixiao::diag::Lang;
use lsp_server::{Connection, Message as Msg};

use crate::cli::Message;

/// The largest message body read: far more than any evaluation (its text
/// travels inside the JSON), far less than what would exhaust memory.
pub const MAX_BODY: usize = 64 << 20;

/// The longest header line; of a longer line (not a header) the end is
/// kept, where a `Content-Length` glued to a broken body would be.
const MAX_HEADER_LINE: usize = 1024;

/// Why a message was skipped.
#[derive(Debug, PartialEq)]
pub enum Skipped {
    /// A header line that is not `Name: value`, or too long to be one.
    Header(String),
    /// A `Content-Length` that is not a number.
    Length(String),
    /// A header block without `Content-Length`.
    NoLength,
    /// A body longer than [`MAX_BODY`].
    TooLarge(usize),
    /// A body that is not JSON, or not a JSON-RPC message.
    NotJson(String),
}

/// The running transport: the server's end of the connection and the
/// thread that writes to stdout.
pub struct Stdio {
    pub connection: Connection,
    writer: JoinHandle<io::Result<()>>,
}

impl Stdio {
    /// Starts reading stdin and writing stdout. Skipped messages are
    /// described in `lang` once it is set, else in `fallback`.
    pub fn start(lang: Arc<OnceLock<Lang>>, fallback: Lang) -> Stdio {
        let (connection, client) = Connection::memory();
        let incoming = client.sender;
        let outgoing = client.receiver;
        // The reader is not joined: it may be waiting on stdin when the
        // server ends, and it ends with the process.
        std::thread::spawn(move || {
            let stdin = io::stdin();
            let log = |skipped: Skipped| {
                let lang = lang.get().copied().unwrap_or(fallback);
                eprintln!("{}", Message::LspSkipped(skipped).text(lang));
            };
            read_all(&mut stdin.lock(), |m| incoming.send(m).is_ok(), log);
        });
        let writer = std::thread::spawn(move || {
            let stdout = io::stdout();
            let mut stdout = stdout.lock();
            for message in outgoing {
                message.write(&mut stdout)?;
            }
            stdout.flush()
        });
        Stdio { connection, writer }
    }

    /// Closes the server's end and waits until everything it sent is
    /// written.
    pub fn finish(self) -> io::Result<()> {
        drop(self.connection);
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer thread failed")))
    }
}

/// Reads messages until the end of the input, an `exit` notification, or
/// `deliver` refusing one (the server is gone). What cannot be read is
/// passed to `skipped` and left behind.
pub fn read_all(
    input: &mut impl BufRead,
    mut deliver: impl FnMut(Msg) -> bool,
    mut skipped: impl FnMut(Skipped),
) {
    let mut lost = false;
    loop {
        let length = match header(input, &mut lost) {
            Ok(Some(Ok(length))) => length,
            Ok(Some(Err(reason))) => {
                skipped(reason);
                lost = true;
                continue;
            }
            Ok(None) | Err(_) => return,
        };
        if length > MAX_BODY {
            // The length cannot be trusted, so neither can the framing.
            skipped(Skipped::TooLarge(length));
            lost = true;
            continue;
        }
        let mut body = vec![0; length];
        if input.read_exact(&mut body).is_err() {
            return;
        }
        match message(&body) {
            Ok(message) => {
                let exit = matches!(&message, Msg::Notification(n) if n.method == "exit");
                if !deliver(message) || exit {
                    return;
                }
            }
            Err(e) => skipped(Skipped::NotJson(e.to_string())),
        }
    }
}

/// A JSON-RPC message: a JSON object (serde would also read a struct from
/// an array).
fn message(body: &[u8]) -> serde_json::Result<Msg> {
    let value: serde_json::Value = serde_json::from_slice(body)?;
    if !value.is_object() {
        return Err(serde::de::Error::custom("not a JSON object"));
    }
    serde_json::from_value(value)
}

/// One header block: the body's length, or why the block is unusable;
/// `None` at the end of the input. When `lost` (after a broken message),
/// everything up to a `Content-Length` header is passed over.
fn header(input: &mut impl BufRead, lost: &mut bool) -> io::Result<Option<Result<usize, Skipped>>> {
    let mut length = None;
    let mut any = false;
    loop {
        let Some((line, mut whole)) = line(input)? else {
            return Ok(None);
        };
        let mut line = String::from_utf8_lossy(&line).into_owned();
        if *lost {
            let Some(at) = line.to_ascii_lowercase().rfind("content-length:") else {
                continue;
            };
            // The header found is whole, however long the line was.
            line.replace_range(..at, "");
            whole = true;
            *lost = false;
        }
        if line.is_empty() {
            match length {
                Some(length) => return Ok(Some(Ok(length))),
                // Blank lines before a message are passed over.
                None if !any => continue,
                None => return Ok(Some(Err(Skipped::NoLength))),
            }
        }
        any = true;
        let Some((name, value)) = line.split_once(':').filter(|_| whole) else {
            return Ok(Some(Err(Skipped::Header(line))));
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            match value.trim().parse::<usize>() {
                Ok(n) => length = Some(n),
                Err(_) => return Ok(Some(Err(Skipped::Length(value.trim().to_string())))),
            }
        }
    }
}

/// One line without its `\n` or `\r\n`, at most its last
/// [`MAX_HEADER_LINE`] bytes, and whether that is the whole line; `None`
/// at the end of the input.
fn line(input: &mut impl BufRead) -> io::Result<Option<(Vec<u8>, bool)>> {
    let mut line = Vec::new();
    let mut whole = true;
    let mut read = false;
    loop {
        let buffer = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buffer.is_empty() {
            return Ok(read.then_some((line, whole)));
        }
        read = true;
        let (taken, end) = match buffer.iter().position(|&b| b == b'\n') {
            Some(i) => (i, true),
            None => (buffer.len(), false),
        };
        let kept = &buffer[taken.saturating_sub(MAX_HEADER_LINE)..taken];
        line.extend_from_slice(kept);
        if line.len() > MAX_HEADER_LINE || kept.len() < taken {
            whole = false;
            line.drain(..line.len().saturating_sub(MAX_HEADER_LINE));
        }
        input.consume(taken + usize::from(end));
        if end {
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(Some((line, whole)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    const EXIT: &str = r#"{"jsonrpc":"2.0","method":"exit"}"#;
    const HOVER: &str = r#"{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{}}"#;

    /// The methods read from `input`, and the skipped messages.
    fn read(input: &[u8]) -> (Vec<String>, Vec<Skipped>) {
        let (mut methods, mut skipped) = (Vec::new(), Vec::new());
        read_all(
            &mut io::BufReader::new(input),
            |m| {
                methods.push(match m {
                    Msg::Request(r) => r.method,
                    Msg::Notification(n) => n.method,
                    Msg::Response(_) => "response".to_string(),
                });
                true
            },
            |s| skipped.push(s),
        );
        (methods, skipped)
    }

    #[test]
    fn well_framed_messages_are_read_until_exit() {
        let input = frame(HOVER) + &frame(EXIT) + &frame(HOVER);
        let (methods, skipped) = read(input.as_bytes());
        assert_eq!(methods, ["textDocument/hover", "exit"]);
        assert!(skipped.is_empty());
    }

    #[test]
    fn a_body_that_is_not_json_is_skipped() {
        let input = frame("not json") + &frame("[1, 2]") + &frame("") + &frame(HOVER);
        let (methods, skipped) = read(input.as_bytes());
        assert_eq!(methods, ["textDocument/hover"]);
        assert_eq!(skipped.len(), 3, "{skipped:?}");
        assert!(skipped.iter().all(|s| matches!(s, Skipped::NotJson(_))));
    }

    #[test]
    fn absurd_lengths_and_broken_headers_are_skipped_and_the_reader_finds_the_next_message() {
        for broken in [
            format!("Content-Length: {}\r\n\r\n{HOVER}", usize::MAX),
            format!("Content-Length: 99999999999999999999999\r\n\r\n{HOVER}"),
            format!("Content-Length: -5\r\n\r\n{HOVER}"),
            format!("Content-Type: x\r\n\r\n{HOVER}"),
            format!("garbage\r\n\r\n{HOVER}"),
            format!("{}\r\n\r\n{HOVER}", "x".repeat(100_000)),
        ] {
            let input = broken.clone() + &frame(HOVER) + &frame(EXIT);
            let (methods, skipped) = read(input.as_bytes());
            assert_eq!(methods, ["textDocument/hover", "exit"], "{broken:.80}");
            assert_eq!(skipped.len(), 1, "{broken:.80}: {skipped:?}");
        }
        // A long body after a broken header, the next header glued to it.
        let long = HOVER.replace("{}", &format!("{{\"x\":\"{}\"}}", "y".repeat(100_000)));
        let input = format!("Content-Length: x\r\n\r\n{long}") + &frame(HOVER);
        assert_eq!(read(input.as_bytes()).0, ["textDocument/hover"]);
        let (_, skipped) = read(format!("Content-Length: {}\r\n\r\n", MAX_BODY + 1).as_bytes());
        assert!(matches!(skipped[..], [Skipped::TooLarge(n)] if n == MAX_BODY + 1));
    }

    #[test]
    fn headers_may_end_in_a_bare_newline_and_a_truncated_body_ends_the_input() {
        let input = format!("content-length: {}\n\n{HOVER}", HOVER.len());
        assert_eq!(read(input.as_bytes()).0, ["textDocument/hover"]);
        let input = format!("Content-Length: 500\r\n\r\n{HOVER}");
        assert_eq!(read(input.as_bytes()), (vec![], vec![]));
    }
}
