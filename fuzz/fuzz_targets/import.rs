//! Importing never panics, whatever the file: raw bytes (a zip or not),
//! or a Word body or an Excel sheet from the fuzzer's text, zipped here.
//! What it writes compiles without panicking.
#![no_main]

use std::io::{Cursor, Write};

use jixiao::diag::Lang;
use jixiao::import::{self, Options};
use libfuzzer_sys::fuzz_target;

fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const WORKBOOK: &str = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

fuzz_target!(|data: &[u8]| {
    let bytes = match data.first() {
        Some(b'P') => data.to_vec(),
        Some(b) if b % 2 == 0 => zip(&[("word/document.xml", &data[1..])]),
        Some(_) => zip(&[
            ("xl/workbook.xml", WORKBOOK.as_bytes()),
            ("xl/_rels/workbook.xml.rels", RELS.as_bytes()),
            ("xl/worksheets/sheet1.xml", &data[1..]),
        ]),
        None => return,
    };
    for lang in [Lang::Zh, Lang::En] {
        let options = Options {
            template: None,
            origin: "fuzz",
            lang,
        };
        if let Ok(imported) = import::import(&bytes, &options) {
            let _ = jixiao::compile(&imported.text);
        }
    }
});
