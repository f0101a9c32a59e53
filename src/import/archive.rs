//! The parts of a zip archive, read by name within fixed limits.
//!
//! Only parts the format names are read, and only into memory: a part's
//! name never becomes a path. A part's declared size and the bytes it
//! actually inflates to are both held to [`Limits::entry`], so a zip bomb
//! stops at the limit, whatever its header claims.

use std::io::{Cursor, Read};

use super::{Error, Limits};

/// The first bytes of an OLE compound file: .doc, .xls, and encrypted
/// .docx/.xlsx.
const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    limits: Limits,
    read: u64,
}

impl<'a> Archive<'a> {
    pub fn open(bytes: &'a [u8], limits: &Limits) -> Result<Self, Error> {
        if bytes.len() as u64 > limits.file {
            return Err(Error::FileTooLarge { limit: limits.file });
        }
        if bytes.starts_with(&OLE) {
            return Err(Error::OldBinary);
        }
        if !bytes.starts_with(b"PK") {
            return Err(Error::NotOffice);
        }
        let zip =
            zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| Error::Zip(e.to_string()))?;
        Ok(Archive {
            zip,
            limits: *limits,
            read: 0,
        })
    }

    pub fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// The text of a part (UTF-8, a byte order mark dropped), or `None`
    /// when the archive has no part of that name.
    pub fn text(&mut self, name: &str) -> Result<Option<String>, Error> {
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let too_large = |limit| Error::EntryTooLarge {
            entry: name.to_string(),
            limit,
        };
        let mut entry = self
            .zip
            .by_index(index)
            .map_err(|e| Error::Zip(e.to_string()))?;
        let left = self.limits.total.saturating_sub(self.read);
        let limit = self.limits.entry.min(left);
        if entry.size() > limit {
            return Err(too_large(limit));
        }
        let mut bytes = Vec::new();
        (&mut entry)
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| Error::Zip(format!("{name}: {e}")))?;
        if bytes.len() as u64 > limit {
            return Err(too_large(limit));
        }
        self.read = self.read.saturating_add(bytes.len() as u64);
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        String::from_utf8(bytes).map(Some).map_err(|_| Error::Xml {
            entry: name.to_string(),
            message: "not UTF-8".into(),
        })
    }

    /// A part the format needs.
    pub fn required(&mut self, name: &str) -> Result<String, Error> {
        self.text(name)?
            .ok_or_else(|| Error::Missing(name.to_string()))
    }
}

/// The part a relationship's target names, from the folder of the part
/// that refers to it (`xl/` for the workbook): `worksheets/sheet1.xml` is
/// `xl/worksheets/sheet1.xml`, `/xl/x.xml` is from the root. A target
/// that climbs out of the archive is refused.
pub fn resolve(base: &str, target: &str) -> Result<String, Error> {
    let outside = || Error::OutsideArchive {
        target: target.to_string(),
    };
    let mut parts: Vec<&str> = Vec::new();
    let start = match target.strip_prefix('/') {
        Some(_) => "",
        None => base,
    };
    for part in start.split('/').chain(target.split(['/', '\\'])) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop().ok_or_else(outside)?;
            }
            p if p.contains(':') => return Err(outside()),
            p => parts.push(p),
        }
    }
    Ok(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_inside_the_archive_only() {
        assert_eq!(
            resolve("xl", "worksheets/sheet1.xml").unwrap(),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(resolve("xl", "/xl/sheet.xml").unwrap(), "xl/sheet.xml");
        assert_eq!(
            resolve("xl", "../docProps/a.xml").unwrap(),
            "docProps/a.xml"
        );
        for bad in ["../../etc/passwd", "C:/Windows/x.xml", "..\\..\\x"] {
            assert!(
                matches!(resolve("xl", bad), Err(Error::OutsideArchive { .. })),
                "{bad}"
            );
        }
    }
}
