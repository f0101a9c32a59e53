//! The files embedded in a PDF (the `EmbeddedFiles` name tree), read back
//! from its bytes: what `jixiao extract` needs, and nothing more.
//!
//! A compact reader of the classic structure that typst writes: the
//! cross-reference tables (following `/Prev`), the trailer, indirect
//! objects and streams, uncompressed or Flate. Cross-reference streams and
//! object streams (PDF 1.5 compression, which typst does not use) are
//! refused as unsupported. Every input is bounded: nesting depth, the
//! number of objects followed, names in the tree and the size of a
//! decoded file, so a hostile PDF gives an error, never a panic or an
//! unbounded allocation.

use std::collections::HashMap;
use std::io::Read;

/// The largest embedded file read back, decoded (64 MiB).
pub const MAX_FILE: u64 = 64 << 20;
/// How deep arrays and dictionaries may nest.
const MAX_DEPTH: usize = 32;
/// How many cross-reference sections (`/Prev`) are followed.
const MAX_SECTIONS: usize = 64;
/// How many indirect references one lookup follows in a row.
const MAX_CHAIN: usize = 8;
/// How many files and tree nodes the name tree may hold.
const MAX_NAMES: usize = 4096;

/// One embedded file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Embedded {
    /// Its name in the PDF (`/UF`, else `/F`, else its key in the tree).
    pub name: String,
    /// Its `/AFRelationship` (`Source`, `Data`, …), when it has one.
    pub relationship: Option<String>,
    /// Its bytes, decoded.
    pub data: Vec<u8>,
}

/// Why the embedded files could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The bytes do not start like a PDF.
    NotPdf,
    /// The PDF's structure is broken where it was read.
    Damaged,
    /// The PDF uses a feature this reader does not read (named by its PDF
    /// term, e.g. `/XRefStm` or `/LZWDecode`).
    Unsupported(String),
    /// An embedded file is larger than [`MAX_FILE`] decoded.
    TooLarge,
}

/// Every file embedded in `pdf`, in the order of its name tree.
pub fn embedded_files(pdf: &[u8]) -> Result<Vec<Embedded>, Error> {
    if !pdf.starts_with(b"%PDF-") {
        return Err(Error::NotPdf);
    }
    let doc = Document::open(pdf)?;
    let catalog = doc.resolve(doc.root.as_ref().ok_or(Error::Damaged)?)?;
    let Some(names) = catalog.get(b"Names") else {
        return Ok(Vec::new());
    };
    let names = doc.resolve(names)?;
    let Some(tree) = names.get(b"EmbeddedFiles") else {
        return Ok(Vec::new());
    };
    let mut pairs = Vec::new();
    let mut visited = 0;
    doc.walk_tree(&doc.resolve(tree)?, 0, &mut visited, &mut pairs)?;
    pairs
        .into_iter()
        .map(|(key, spec)| doc.embedded(&key, &spec))
        .collect()
}

/// The `.jx` source embedded in `pdf` (as `jixiao build --archive`
/// embeds it): the file related as `Source` whose name ends in `.jx`,
/// else any whose name does. `None` when it has none.
pub fn embedded_source(pdf: &[u8]) -> Result<Option<Embedded>, Error> {
    let files = embedded_files(pdf)?;
    let is_jx = |f: &Embedded| f.name.to_lowercase().ends_with(".jx");
    let source = files
        .iter()
        .position(|f| is_jx(f) && f.relationship.as_deref() == Some("Source"))
        .or_else(|| files.iter().position(is_jx));
    Ok(source.and_then(|i| files.into_iter().nth(i)))
}

#[derive(Clone, Debug, PartialEq)]
enum Obj {
    Null,
    Bool,
    Int(i64),
    Real,
    Str(Vec<u8>),
    Name(Vec<u8>),
    Array(Vec<Obj>),
    Dict(Vec<(Vec<u8>, Obj)>),
    Ref(u32),
    /// A stream: its dictionary and where its bytes lie in the file.
    Stream(Vec<(Vec<u8>, Obj)>, usize, usize),
}

impl Obj {
    fn get(&self, key: &[u8]) -> Option<&Obj> {
        match self {
            Obj::Dict(entries) | Obj::Stream(entries, ..) => {
                entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
            }
            _ => None,
        }
    }
}

struct Document<'a> {
    bytes: &'a [u8],
    /// Object number → offset of its `N G obj`, the newest definition.
    offsets: HashMap<u32, usize>,
    root: Option<Obj>,
}

impl<'a> Document<'a> {
    fn open(bytes: &'a [u8]) -> Result<Self, Error> {
        let tail_start = bytes.len().saturating_sub(2048);
        let tail = bytes.get(tail_start..).ok_or(Error::Damaged)?;
        let at = find_last(tail, b"startxref").ok_or(Error::Damaged)?;
        let mut lexer = Lexer::at(bytes, tail_start + at + b"startxref".len());
        let mut next = Some(lexer.offset()?);
        let mut doc = Document {
            bytes,
            offsets: HashMap::new(),
            root: None,
        };
        let mut seen = Vec::new();
        while let Some(offset) = next.take() {
            if seen.contains(&offset) || seen.len() >= MAX_SECTIONS {
                return Err(Error::Damaged);
            }
            seen.push(offset);
            let trailer = doc.read_section(offset)?;
            if doc.root.is_none() {
                doc.root = trailer.get(b"Root").cloned();
            }
            if trailer.get(b"XRefStm").is_some() {
                return Err(Error::Unsupported("/XRefStm".into()));
            }
            next = match trailer.get(b"Prev") {
                Some(Obj::Int(prev)) => Some(usize::try_from(*prev).map_err(|_| Error::Damaged)?),
                Some(_) => return Err(Error::Damaged),
                None => None,
            };
        }
        Ok(doc)
    }

    /// Reads the cross-reference table at `offset` (older entries do not
    /// replace newer ones) and returns its trailer.
    fn read_section(&mut self, offset: usize) -> Result<Obj, Error> {
        let mut lexer = Lexer::at(self.bytes, offset);
        lexer.skip_space();
        if !lexer.keyword(b"xref") {
            // An object here is a cross-reference stream (PDF 1.5).
            return Err(match lexer.int() {
                Some(_) => Error::Unsupported("/XRef".into()),
                None => Error::Damaged,
            });
        }
        loop {
            lexer.skip_space();
            if lexer.keyword(b"trailer") {
                break;
            }
            let first = lexer.int().ok_or(Error::Damaged)?;
            let count = lexer.int().ok_or(Error::Damaged)?;
            for i in 0..count {
                let entry_offset = lexer.int().ok_or(Error::Damaged)?;
                lexer.int().ok_or(Error::Damaged)?;
                lexer.skip_space();
                let kind = lexer.byte().ok_or(Error::Damaged)?;
                let number = first
                    .checked_add(i)
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or(Error::Damaged)?;
                if kind == b'n' {
                    let at = usize::try_from(entry_offset).map_err(|_| Error::Damaged)?;
                    self.offsets.entry(number).or_insert(at);
                } else if kind != b'f' {
                    return Err(Error::Damaged);
                }
            }
        }
        let trailer = lexer.object(0)?;
        match trailer {
            Obj::Dict(_) => Ok(trailer),
            _ => Err(Error::Damaged),
        }
    }

    /// The object `obj` stands for: itself, or the object it refers to.
    fn resolve(&self, obj: &Obj) -> Result<Obj, Error> {
        let mut current = obj.clone();
        for _ in 0..MAX_CHAIN {
            let Obj::Ref(number) = current else {
                return Ok(current);
            };
            current = self.indirect(number)?;
        }
        Err(Error::Damaged)
    }

    /// Indirect object `number`; a missing one is `null`, as PDF says.
    fn indirect(&self, number: u32) -> Result<Obj, Error> {
        let Some(&offset) = self.offsets.get(&number) else {
            return Ok(Obj::Null);
        };
        let mut lexer = Lexer::at(self.bytes, offset);
        let found = lexer.int().ok_or(Error::Damaged)?;
        lexer.int().ok_or(Error::Damaged)?;
        lexer.skip_space();
        if i64::from(number) != found || !lexer.keyword(b"obj") {
            return Err(Error::Damaged);
        }
        let object = lexer.object(0)?;
        lexer.skip_space();
        let Obj::Dict(entries) = object else {
            return Ok(object);
        };
        if !lexer.keyword(b"stream") {
            return Ok(Obj::Dict(entries));
        }
        // The data starts after the end of the line (CRLF or LF).
        if lexer.peek() == Some(b'\r') {
            lexer.pos += 1;
        }
        if lexer.peek() == Some(b'\n') {
            lexer.pos += 1;
        }
        let dict = Obj::Dict(entries);
        let length = match dict.get(b"Length") {
            // A length given by reference must be a plain number.
            Some(Obj::Ref(n)) => self.indirect(*n)?,
            Some(other) => other.clone(),
            None => return Err(Error::Damaged),
        };
        let Obj::Int(length) = length else {
            return Err(Error::Damaged);
        };
        let start = lexer.pos;
        let end = usize::try_from(length)
            .ok()
            .and_then(|l| start.checked_add(l))
            .filter(|&end| end <= self.bytes.len())
            .ok_or(Error::Damaged)?;
        let Obj::Dict(entries) = dict else {
            return Err(Error::Damaged);
        };
        Ok(Obj::Stream(entries, start, end))
    }

    /// Collects the (key, file specification) pairs of a name tree node.
    fn walk_tree(
        &self,
        node: &Obj,
        depth: usize,
        visited: &mut usize,
        pairs: &mut Vec<(Vec<u8>, Obj)>,
    ) -> Result<(), Error> {
        *visited += 1;
        if depth > MAX_DEPTH || *visited > MAX_NAMES {
            return Err(Error::Damaged);
        }
        if let Some(names) = node.get(b"Names") {
            let Obj::Array(items) = self.resolve(names)? else {
                return Err(Error::Damaged);
            };
            for pair in items.chunks(2) {
                let [key, value] = pair else {
                    return Err(Error::Damaged);
                };
                let Obj::Str(key) = self.resolve(key)? else {
                    return Err(Error::Damaged);
                };
                pairs.push((key, value.clone()));
                if pairs.len() > MAX_NAMES {
                    return Err(Error::Damaged);
                }
            }
        }
        if let Some(kids) = node.get(b"Kids") {
            let Obj::Array(kids) = self.resolve(kids)? else {
                return Err(Error::Damaged);
            };
            for kid in &kids {
                self.walk_tree(&self.resolve(kid)?, depth + 1, visited, pairs)?;
            }
        }
        Ok(())
    }

    /// The file a file specification embeds.
    fn embedded(&self, key: &[u8], spec: &Obj) -> Result<Embedded, Error> {
        let spec = self.resolve(spec)?;
        let text = |k: &[u8]| match spec.get(k).map(|o| self.resolve(o)) {
            Some(Ok(Obj::Str(s))) => Some(text_string(&s)),
            _ => None,
        };
        let name = text(b"UF")
            .or_else(|| text(b"F"))
            .unwrap_or_else(|| text_string(key));
        let relationship = match spec.get(b"AFRelationship") {
            Some(Obj::Name(n)) => Some(String::from_utf8_lossy(n).into_owned()),
            _ => None,
        };
        let files = self.resolve(spec.get(b"EF").ok_or(Error::Damaged)?)?;
        let stream = files
            .get(b"UF")
            .or_else(|| files.get(b"F"))
            .ok_or(Error::Damaged)?;
        let data = self.stream_data(&self.resolve(stream)?)?;
        Ok(Embedded {
            name,
            relationship,
            data,
        })
    }

    /// A stream's bytes, decoded.
    fn stream_data(&self, stream: &Obj) -> Result<Vec<u8>, Error> {
        let Obj::Stream(_, start, end) = stream else {
            return Err(Error::Damaged);
        };
        let raw = self.bytes.get(*start..*end).ok_or(Error::Damaged)?;
        let filters = match stream.get(b"Filter").map(|f| self.resolve(f)).transpose()? {
            None | Some(Obj::Null) => Vec::new(),
            Some(Obj::Name(n)) => vec![n],
            Some(Obj::Array(items)) => items
                .into_iter()
                .map(|i| match i {
                    Obj::Name(n) => Ok(n),
                    _ => Err(Error::Damaged),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(Error::Damaged),
        };
        match &filters[..] {
            [] if raw.len() as u64 <= MAX_FILE => Ok(raw.to_vec()),
            [] => Err(Error::TooLarge),
            [flate] if flate == b"FlateDecode" => {
                if stream.get(b"DecodeParms").is_some() {
                    return Err(Error::Unsupported("/DecodeParms".into()));
                }
                inflate(raw)
            }
            [other] => Err(Error::Unsupported(format!(
                "/{}",
                String::from_utf8_lossy(other)
            ))),
            _ => Err(Error::Unsupported("/Filter [...]".into())),
        }
    }
}

/// zlib-decodes `raw`, refusing more than [`MAX_FILE`] bytes of output.
fn inflate(raw: &[u8]) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(raw)
        .take(MAX_FILE + 1)
        .read_to_end(&mut out)
        .map_err(|_| Error::Damaged)?;
    if out.len() as u64 > MAX_FILE {
        return Err(Error::TooLarge);
    }
    Ok(out)
}

/// A PDF text string: UTF-16BE after a byte order mark, UTF-8 after its
/// mark (PDF 2.0), else PDFDocEncoding (read as Latin-1, which it is for
/// every character a file name is likely to hold).
fn text_string(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16
            .chunks(2)
            .map(|c| match c {
                [hi, lo] => u16::from_be_bytes([*hi, *lo]),
                _ => 0xFFFD,
            })
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(utf8) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(utf8).into_owned();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn is_space(b: u8) -> bool {
    matches!(b, 0 | b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

struct Lexer<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn at(bytes: &'a [u8], pos: usize) -> Self {
        Lexer { bytes, pos }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn byte(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            if is_space(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self.peek().is_some_and(|b| b != b'\n' && b != b'\r') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// Consumes `word` when it stands here as a whole token.
    fn keyword(&mut self, word: &[u8]) -> bool {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        let whole = rest.starts_with(word)
            && rest
                .get(word.len())
                .is_none_or(|&b| is_space(b) || is_delimiter(b));
        if whole {
            self.pos += word.len();
        }
        whole
    }

    /// The bare token here (a number or a keyword), after white space.
    fn token(&mut self) -> &'a [u8] {
        self.skip_space();
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|b| !is_space(b) && !is_delimiter(b))
        {
            self.pos += 1;
        }
        self.bytes.get(start..self.pos).unwrap_or_default()
    }

    /// A non-negative integer, after white space.
    fn int(&mut self) -> Option<i64> {
        let save = self.pos;
        let token = self.token();
        let value = std::str::from_utf8(token).ok().and_then(|t| t.parse().ok());
        if value.is_none() {
            self.pos = save;
        }
        value.filter(|v: &i64| *v >= 0)
    }

    fn offset(&mut self) -> Result<usize, Error> {
        self.int()
            .and_then(|v| usize::try_from(v).ok())
            .ok_or(Error::Damaged)
    }

    fn object(&mut self, depth: usize) -> Result<Obj, Error> {
        if depth > MAX_DEPTH {
            return Err(Error::Damaged);
        }
        self.skip_space();
        match self.peek().ok_or(Error::Damaged)? {
            b'<' if self.bytes.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                Ok(Obj::Dict(self.entries(depth)?))
            }
            b'<' => {
                self.pos += 1;
                self.hex_string()
            }
            b'(' => {
                self.pos += 1;
                self.literal_string()
            }
            b'/' => {
                self.pos += 1;
                Ok(Obj::Name(self.name()))
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        return Ok(Obj::Array(items));
                    }
                    items.push(self.object(depth + 1)?);
                }
            }
            _ => self.bare(),
        }
    }

    fn entries(&mut self, depth: usize) -> Result<Vec<(Vec<u8>, Obj)>, Error> {
        let mut entries = Vec::new();
        loop {
            self.skip_space();
            match self.byte().ok_or(Error::Damaged)? {
                b'>' if self.byte() == Some(b'>') => return Ok(entries),
                b'/' => {
                    let key = self.name();
                    let value = self.object(depth + 1)?;
                    entries.push((key, value));
                }
                _ => return Err(Error::Damaged),
            }
        }
    }

    /// A number (or a reference `N G R`) or a keyword.
    fn bare(&mut self) -> Result<Obj, Error> {
        let token = self.token();
        match token {
            b"null" => return Ok(Obj::Null),
            b"true" | b"false" => return Ok(Obj::Bool),
            _ => {}
        }
        let text = std::str::from_utf8(token).map_err(|_| Error::Damaged)?;
        if let Ok(number) = text.parse::<i64>() {
            // `N G R` is a reference.
            let save = self.pos;
            if self.int().is_some() {
                self.skip_space();
                if self.keyword(b"R") {
                    let number = u32::try_from(number).map_err(|_| Error::Damaged)?;
                    return Ok(Obj::Ref(number));
                }
            }
            self.pos = save;
            return Ok(Obj::Int(number));
        }
        let numeric = !text.is_empty()
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+'));
        if numeric {
            Ok(Obj::Real)
        } else {
            Err(Error::Damaged)
        }
    }

    fn name(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(b) = self.peek() {
            if is_space(b) || is_delimiter(b) {
                break;
            }
            self.pos += 1;
            let escaped = self
                .bytes
                .get(self.pos..self.pos + 2)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            match (b, escaped) {
                (b'#', Some(value)) => {
                    self.pos += 2;
                    out.push(value);
                }
                _ => out.push(b),
            }
        }
        out
    }

    fn hex_string(&mut self) -> Result<Obj, Error> {
        let mut digits = Vec::new();
        loop {
            let b = self.byte().ok_or(Error::Damaged)?;
            match b {
                b'>' => break,
                _ if is_space(b) => {}
                _ => digits.push(char::from(b).to_digit(16).ok_or(Error::Damaged)? as u8),
            }
        }
        if digits.len() % 2 == 1 {
            digits.push(0);
        }
        Ok(Obj::Str(
            digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect(),
        ))
    }

    fn literal_string(&mut self) -> Result<Obj, Error> {
        let mut out = Vec::new();
        let mut open = 1usize;
        loop {
            let b = self.byte().ok_or(Error::Damaged)?;
            match b {
                b'(' => {
                    open += 1;
                    out.push(b);
                }
                b')' => {
                    open -= 1;
                    if open == 0 {
                        return Ok(Obj::Str(out));
                    }
                    out.push(b);
                }
                b'\\' => match self.byte().ok_or(Error::Damaged)? {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'\r' => {
                        if self.peek() == Some(b'\n') {
                            self.pos += 1;
                        }
                    }
                    b'\n' => {}
                    d @ b'0'..=b'7' => {
                        let mut value = u32::from(d - b'0');
                        for _ in 0..2 {
                            match self.peek() {
                                Some(d @ b'0'..=b'7') => {
                                    self.pos += 1;
                                    value = value * 8 + u32::from(d - b'0');
                                }
                                _ => break,
                            }
                        }
                        out.push((value & 0xFF) as u8);
                    }
                    other => out.push(other),
                },
                _ => out.push(b),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A PDF with the given objects (numbered from 1, object 1 the
    /// catalog) and a correct cross-reference table.
    fn pdf(objects: &[&[u8]]) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
        );
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<</Size {}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        out
    }

    fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut out = format!("<<{dict}/Length {}>>stream\n", data.len()).into_bytes();
        out.extend_from_slice(data);
        out.extend_from_slice(b"\nendstream");
        out
    }

    fn with_files(files: &[u8], embedded: &[u8]) -> Vec<u8> {
        pdf(&[
            b"<</Type/Catalog/Names<</EmbeddedFiles 2 0 R>>>>",
            files,
            b"<</Type/Filespec/F(a.jx)/UF<FEFF5CB3002E006A0078>/EF<</F 4 0 R>>/AFRelationship/Source>>",
            embedded,
        ])
    }

    #[test]
    fn reads_a_plain_and_a_flate_file_by_their_names() {
        let source = "项目 { }\n".as_bytes();
        let plain = with_files(
            b"<</Names[(a.jx) 3 0 R]>>",
            &stream("/Type/EmbeddedFile", source),
        );
        let found = embedded_source(&plain).unwrap().unwrap();
        assert_eq!(found.name, "岳.jx");
        assert_eq!(found.relationship.as_deref(), Some("Source"));
        assert_eq!(found.data, source);

        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(source).unwrap();
        let packed = z.finish().unwrap();
        let flate = with_files(
            b"<</Kids[<</Names[(a.jx) 3 0 R]>>]>>",
            &stream("/Type/EmbeddedFile/Filter/FlateDecode", &packed),
        );
        assert_eq!(embedded_files(&flate).unwrap()[0].data, source);
    }

    #[test]
    fn a_pdf_without_files_has_none() {
        let none = pdf(&[b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Count 0>>"]);
        assert_eq!(embedded_files(&none), Ok(Vec::new()));
        assert_eq!(embedded_source(&none), Ok(None));
    }

    #[test]
    fn corrupt_pdfs_are_errors() {
        let good = with_files(b"<</Names[(a.jx) 3 0 R]>>", &stream("", b"abc"));
        assert_eq!(embedded_files(b"hello"), Err(Error::NotPdf));
        // Every truncation of a good PDF, and every byte changed in turn,
        // gives an answer (an error or files), never a panic.
        for end in 0..good.len() {
            let _ = embedded_files(&good[..end]);
        }
        for i in 0..good.len() {
            let mut bad = good.clone();
            bad[i] = b'9';
            let _ = embedded_files(&bad);
        }
        // A stream longer than the file, a reference to itself, a loop of
        // /Prev, deep nesting.
        let long = with_files(b"<</Names[(a.jx) 3 0 R]>>", b"<</Length 99999>>stream\nabc");
        assert_eq!(embedded_files(&long), Err(Error::Damaged));
        let cycle = pdf(&[b"<</Type/Catalog/Names 2 0 R>>", b"2 0 R"]);
        assert_eq!(embedded_files(&cycle), Err(Error::Damaged));
        let deep = format!("<</Names{}>>", "[".repeat(10_000));
        assert_eq!(
            embedded_files(&pdf(&[deep.as_bytes()])),
            Err(Error::Damaged)
        );
        let mut looped = good.clone();
        let at = find_last(&looped, b"/Root").unwrap();
        let xref = find_last(&looped, b"xref\n0").unwrap();
        looped.splice(at..at, format!("/Prev {xref}").bytes());
        assert_eq!(embedded_files(&looped), Err(Error::Damaged));
    }

    #[test]
    fn a_bomb_is_refused() {
        let zeros = vec![0u8; (MAX_FILE + 1) as usize];
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&zeros).unwrap();
        let packed = z.finish().unwrap();
        let bomb = with_files(
            b"<</Names[(a.jx) 3 0 R]>>",
            &stream("/Filter/FlateDecode", &packed),
        );
        assert_eq!(embedded_files(&bomb), Err(Error::TooLarge));
    }

    #[test]
    fn other_compression_is_named() {
        let lzw = with_files(
            b"<</Names[(a.jx) 3 0 R]>>",
            &stream("/Filter/LZWDecode", b"x"),
        );
        assert_eq!(
            embedded_files(&lzw),
            Err(Error::Unsupported("/LZWDecode".into()))
        );
    }
}
