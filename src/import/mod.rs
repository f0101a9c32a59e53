//! `jixiao import`: a 自评表 in Word (.docx) or Excel (.xlsx), and the report
//! after it, read into the text of a `.jx` file.
//!
//! Pure, like the rest of the library: the bytes of the file in, the text
//! out. The stages:
//!
//! | stage | code | input | output |
//! |---|---|---|---|
//! | unzip | `archive` | the file's bytes | the XML of the parts it needs, within [`LIMITS`] |
//! | read | [`docx`], [`xlsx`] | office XML | a [`Grid`] (merged cells rebuilt) and the paragraphs around it |
//! | recognise | `form` | the grid | the form's values, by their labels, on the best-fitting template |
//! | write | `write` | the values | `.jx` text, a comment beside every value changed or not placed |
//!
//! An office file comes from someone else: every size, count and depth is
//! bounded ([`Limits`]), DTDs are refused (so no entity is ever expanded),
//! and only the parts of the archive named by the format are read, by
//! name; nothing is ever written from it.

mod archive;
pub mod docx;
mod form;
mod grid;
mod write;
pub mod xlsx;
mod xml;

pub use grid::{Cell, Grid, Place};

use crate::diag::Lang;

/// The fixed limits of what an office file may hold.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The file itself, in bytes.
    pub file: u64,
    /// One part of the archive, uncompressed, in bytes.
    pub entry: u64,
    /// All the parts read, uncompressed, in bytes.
    pub total: u64,
    /// Nodes of one XML part.
    pub nodes: u32,
    /// Nesting of XML elements.
    pub depth: usize,
    /// Cells of a table or sheet, merged cells counted for each place
    /// they cover.
    pub cells: usize,
}

/// The limits [`import`] applies.
pub const LIMITS: Limits = Limits {
    file: 64 << 20,
    entry: 64 << 20,
    total: 128 << 20,
    nodes: 1_000_000,
    depth: 256,
    cells: 200_000,
};

/// Why a file could not be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The file is larger than [`Limits::file`].
    FileTooLarge { limit: u64 },
    /// Not a zip archive, nor an old binary office file.
    NotOffice,
    /// An old binary Word or Excel file (.doc, .xls), or an encrypted
    /// .docx/.xlsx (both are OLE compound files).
    OldBinary,
    /// A zip archive that cannot be read (damaged, cut short, encrypted).
    Zip(String),
    /// A zip archive without the parts of a Word or Excel file.
    NotDocxOrXlsx,
    /// A part the format needs is not in the archive.
    Missing(String),
    /// A part larger than [`Limits::entry`] uncompressed, or all parts
    /// together larger than [`Limits::total`].
    EntryTooLarge { entry: String, limit: u64 },
    /// More cells than [`Limits::cells`].
    TooManyCells { limit: usize },
    /// XML nested deeper than [`Limits::depth`], or with more nodes than
    /// [`Limits::nodes`].
    TooComplex { entry: String },
    /// XML with a document type declaration (which could define entities).
    Dtd { entry: String },
    /// XML that is not well-formed, or not UTF-8.
    Xml { entry: String, message: String },
    /// A reference inside the archive to a path outside it.
    OutsideArchive { target: String },
    /// No table or sheet has the labels of a 自评表.
    NoForm,
    /// `--template` names no built-in template.
    UnknownTemplate(String),
}

/// The kinds of file [`import`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Docx,
    Xlsx,
}

/// What kind of file these bytes are, by their content (not their name).
pub fn sniff(bytes: &[u8]) -> Result<Format, Error> {
    let archive = archive::Archive::open(bytes, &LIMITS)?;
    if archive.has("word/document.xml") {
        Ok(Format::Docx)
    } else if archive.has("xl/workbook.xml") {
        Ok(Format::Xlsx)
    } else {
        Err(Error::NotDocxOrXlsx)
    }
}

/// How to import.
#[derive(Clone, Copy, Debug)]
pub struct Options<'a> {
    /// The built-in template to read the form as; by default, the one
    /// whose labels fit best.
    pub template: Option<&'a str>,
    /// The file's name, for the comment at the top of the output.
    pub origin: &'a str,
    /// The language of the comments written.
    pub lang: Lang,
}

/// An imported file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    /// The `.jx` text.
    pub text: String,
    /// The template the form was read as.
    pub template: String,
}

/// Reads a .docx or .xlsx 自评表 into `.jx` text.
pub fn import(bytes: &[u8], options: &Options) -> Result<Imported, Error> {
    let source = match sniff(bytes)? {
        Format::Docx => docx::source(docx::read(bytes, &LIMITS)?)?,
        Format::Xlsx => xlsx::source(xlsx::read(bytes, &LIMITS)?)?,
    };
    let found = form::recognise(&source, options.template)?;
    Ok(Imported {
        text: write::jx(&found, options),
        template: found.template.name.clone(),
    })
}

/// What the readers hand on: the grid of the form and the paragraphs
/// before and after it (a Word file's title and report).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Source {
    pub before: Vec<String>,
    pub grid: Grid,
    pub after: Vec<Paragraph>,
}

/// A paragraph of a Word file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Paragraph {
    pub text: String,
    /// Its level when Word marks it as a heading (0: 标题 1), by its style
    /// or outline level: the numbers of such headings are Word's, not in
    /// the text.
    pub heading: Option<usize>,
}
