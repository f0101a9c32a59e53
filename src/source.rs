//! The bytes of a `.jx` file as text: UTF-8 (with or without a byte order
//! mark), GB18030/GBK (what Windows editors save as "ANSI" on a Chinese
//! system) or UTF-16 with a byte order mark (Excel's "Unicode text"), and
//! back to UTF-8 bytes with the line ends and byte order mark of the input.
//!
//! Pure: the binary reads the file and hands the bytes here. Every span of a
//! diagnostic points into the decoded text, which is what is rendered.

use crate::diag::{Diagnostic, Kind};
use crate::span::Span;

/// The encoding a file was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// GB18030, of which GBK and GB2312 are subsets.
    Gb18030,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    /// Its usual name, as editors show it.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Gb18030 => "GB18030/GBK",
            Encoding::Utf16Le => "UTF-16 LE",
            Encoding::Utf16Be => "UTF-16 BE",
        }
    }
}

/// How lines end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineEnds {
    Lf,
    Crlf,
}

impl LineEnds {
    /// CRLF when most lines of `text` end in CRLF, else LF.
    pub fn of(text: &str) -> LineEnds {
        let all = text.matches('\n').count();
        let crlf = text.matches("\r\n").count();
        if crlf * 2 > all {
            LineEnds::Crlf
        } else {
            LineEnds::Lf
        }
    }
}

/// A file's text and how it was stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The text, without a byte order mark.
    pub text: String,
    pub encoding: Encoding,
    /// Whether the file began with a byte order mark.
    pub bom: bool,
}

impl Source {
    /// Text that was never bytes (an editor's buffer, a test): UTF-8
    /// without a byte order mark.
    pub fn utf8(text: impl Into<String>) -> Source {
        Source {
            text: text.into(),
            encoding: Encoding::Utf8,
            bom: false,
        }
    }

    /// The warning that the file is not UTF-8, at the first character whose
    /// reading depended on the encoding: the first non-ASCII character of a
    /// GB18030 file, the first character of a UTF-16 one.
    pub fn diagnostic(&self) -> Option<Diagnostic> {
        let start = match self.encoding {
            Encoding::Utf8 => return None,
            Encoding::Gb18030 => self.text.find(|c: char| !c.is_ascii()).unwrap_or(0),
            Encoding::Utf16Le | Encoding::Utf16Be => 0,
        };
        let len = self.text[start..].chars().next().map_or(0, char::len_utf8);
        Some(Diagnostic::new(
            Kind::NotUtf8 {
                encoding: self.encoding,
            },
            Span::new(start, start + len),
        ))
    }
}

/// Bytes that are none of the encodings jixiao reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Undecodable {
    /// The encoding the bytes were read in farthest.
    pub encoding: Encoding,
    /// The byte offset of the first byte that is not valid in it.
    pub offset: usize,
    /// The line of that byte, from 1.
    pub line: usize,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes a file: a byte order mark decides (UTF-8, UTF-16 LE or BE);
/// without one, bytes that are valid UTF-8 are UTF-8, and only bytes that
/// are not and decode as GB18030 without a single error are GB18030.
pub fn decode(bytes: &[u8]) -> Result<Source, Undecodable> {
    let with = |encoding, bom, start: usize| {
        let decoded = match encoding {
            Encoding::Utf8 => utf8(&bytes[start..]),
            Encoding::Gb18030 => decode_with(encoding_rs::GB18030, &bytes[start..]),
            Encoding::Utf16Le => decode_with(encoding_rs::UTF_16LE, &bytes[start..]),
            Encoding::Utf16Be => decode_with(encoding_rs::UTF_16BE, &bytes[start..]),
        };
        decoded
            .map(|text| Source {
                text,
                encoding,
                bom,
            })
            .map_err(|(offset, line)| Undecodable {
                encoding,
                offset: start + offset,
                line,
            })
    };
    if bytes.starts_with(UTF8_BOM) {
        return with(Encoding::Utf8, true, UTF8_BOM.len());
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return with(Encoding::Utf16Le, true, 2);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return with(Encoding::Utf16Be, true, 2);
    }
    let not_utf8 = match with(Encoding::Utf8, false, 0) {
        Ok(source) => return Ok(source),
        Err(e) => e,
    };
    match with(Encoding::Gb18030, false, 0) {
        Ok(source) => Ok(source),
        Err(not_gb) if not_gb.offset > not_utf8.offset => Err(not_gb),
        Err(_) => Err(not_utf8),
    }
}

/// UTF-8, or the offset and line of the first invalid byte.
fn utf8(bytes: &[u8]) -> Result<String, (usize, usize)> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let offset = e.valid_up_to();
            let line = 1 + bytes[..offset].iter().filter(|b| **b == b'\n').count();
            Err((offset, line))
        }
    }
}

/// Decodes without replacement: the text, or the offset and line of the
/// first malformed sequence.
fn decode_with(
    encoding: &'static encoding_rs::Encoding,
    bytes: &[u8],
) -> Result<String, (usize, usize)> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len().saturating_mul(3) / 2 + 4);
    let mut read = 0;
    loop {
        let (result, n) =
            decoder.decode_to_string_without_replacement(&bytes[read..], &mut text, true);
        read += n;
        match result {
            encoding_rs::DecoderResult::InputEmpty => return Ok(text),
            encoding_rs::DecoderResult::OutputFull => {
                text.reserve((bytes.len() - read).saturating_mul(3) + 4);
            }
            encoding_rs::DecoderResult::Malformed(bad, extra) => {
                let offset = read - usize::from(bad) - usize::from(extra);
                return Err((offset, 1 + text.matches('\n').count()));
            }
        }
    }
}

/// `text` with every line ending in `line_ends`.
pub fn with_line_ends(text: &str, line_ends: LineEnds) -> String {
    let lf = text.replace("\r\n", "\n");
    match line_ends {
        LineEnds::Lf => lf,
        LineEnds::Crlf => lf.replace('\n', "\r\n"),
    }
}

/// UTF-8 bytes of `text` with every line ending in `line_ends`, after a
/// byte order mark when `bom`.
pub fn encode(text: &str, line_ends: LineEnds, bom: bool) -> Vec<u8> {
    let text = with_line_ends(text, line_ends);
    let mut bytes = Vec::with_capacity(text.len() + UTF8_BOM.len());
    if bom {
        bytes.extend_from_slice(UTF8_BOM);
    }
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "自评表 \"项目\" {\n  年度 2021 // ≥30个\n}\n";

    fn gbk(text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
        assert!(!unmappable);
        bytes.into_owned()
    }

    fn utf16(text: &str, little: bool) -> Vec<u8> {
        let mut bytes = if little {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in text.encode_utf16() {
            bytes.extend(if little {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        bytes
    }

    #[test]
    fn utf8_with_and_without_a_byte_order_mark() {
        assert_eq!(decode(TEXT.as_bytes()), Ok(Source::utf8(TEXT)));
        let mut bom = UTF8_BOM.to_vec();
        bom.extend_from_slice(TEXT.as_bytes());
        let source = decode(&bom).unwrap();
        assert_eq!((source.text.as_str(), source.bom), (TEXT, true));
        assert_eq!(source.diagnostic(), None);
    }

    #[test]
    fn gbk_and_utf16_decode_to_the_same_text() {
        for (bytes, encoding, bom) in [
            (gbk(TEXT), Encoding::Gb18030, false),
            (utf16(TEXT, true), Encoding::Utf16Le, true),
            (utf16(TEXT, false), Encoding::Utf16Be, true),
        ] {
            let source = decode(&bytes).unwrap();
            assert_eq!(source.text, TEXT);
            assert_eq!((source.encoding, source.bom), (encoding, bom));
            assert_eq!(source.diagnostic().unwrap().code(), "W115");
        }
    }

    #[test]
    fn the_warning_points_at_the_first_character_the_encoding_decided() {
        let source = decode(&gbk("// ab\n自评表")).unwrap();
        assert_eq!(source.diagnostic().unwrap().span, Span::new(6, 9));
        let source = decode(&utf16("// ab", true)).unwrap();
        assert_eq!(source.diagnostic().unwrap().span, Span::new(0, 1));
        let source = decode(&utf16("", false)).unwrap();
        assert_eq!(source.diagnostic().unwrap().span, Span::new(0, 0));
    }

    #[test]
    fn valid_utf8_is_never_read_as_gbk() {
        // These bytes are valid GB18030 too (鑷瘎琛).
        let source = decode("自评表".as_bytes()).unwrap();
        assert_eq!(source.encoding, Encoding::Utf8);
    }

    #[test]
    fn neither_encoding_names_the_offset_and_line_it_got_farthest_to() {
        // 0xFF is invalid in both; the GBK text before it is not UTF-8.
        let mut bytes = b"// a\n".to_vec();
        bytes.extend(gbk("自评\n表"));
        bytes.push(0xFF);
        let expected = Undecodable {
            encoding: Encoding::Gb18030,
            offset: bytes.len() - 1,
            line: 3,
        };
        assert_eq!(decode(&bytes), Err(expected));
        // UTF-8 that breaks off, and read as GB18030 fails sooner (0xAA
        // before a line end).
        let bytes = b"\xe8\x87\xaa\n\x80";
        let expected = Undecodable {
            encoding: Encoding::Utf8,
            offset: 4,
            line: 2,
        };
        assert_eq!(decode(bytes), Err(expected));
        // An unpaired surrogate in UTF-16.
        let bytes = b"\xFF\xFEa\0\n\0\x00\xD8b\0";
        let expected = Undecodable {
            encoding: Encoding::Utf16Le,
            offset: 6,
            line: 2,
        };
        assert_eq!(decode(bytes), Err(expected));
    }

    #[test]
    fn encoding_keeps_or_sets_line_ends_and_the_byte_order_mark() {
        let crlf = "a\r\nb\r\n";
        assert_eq!(LineEnds::of(crlf), LineEnds::Crlf);
        assert_eq!(LineEnds::of("a\nb\r\nc\n"), LineEnds::Lf);
        assert_eq!(LineEnds::of("no line end"), LineEnds::Lf);
        assert_eq!(encode("a\nb\r\n", LineEnds::Crlf, false), crlf.as_bytes());
        assert_eq!(encode(crlf, LineEnds::Lf, true), b"\xEF\xBB\xBFa\nb\n");
    }
}
