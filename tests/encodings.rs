//! Files as Windows editors save them: GBK ("ANSI" on a Chinese system),
//! UTF-16 with a byte order mark (Excel's "Unicode text"), CRLF line ends
//! and a UTF-8 byte order mark. Each example saved so checks, builds and
//! formats as its UTF-8 original, with one warning for the encoding.

mod support;

use std::path::{Path, PathBuf};

use support::{jixiao, root};

/// Every example: its file name and text.
fn examples() -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jx"))
        .map(|p| {
            let name = p.file_name().unwrap().to_str().unwrap().to_string();
            (name, support::read(&p))
        })
        .collect();
    found.sort();
    assert!(found.len() >= 4, "{found:?}");
    found
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

/// The text in each encoding, by the name of a folder.
fn copies(text: &str) -> Vec<(&'static str, Vec<u8>)> {
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable, "every example can be saved as GBK");
    vec![
        ("gbk", gbk.into_owned()),
        ("utf16le", utf16(text, true)),
        ("utf16be", utf16(text, false)),
    ]
}

/// Writes `bytes` as `dir/folder/name` and returns its path as text.
fn write(dir: &Path, folder: &str, name: &str, bytes: &[u8]) -> String {
    let path: PathBuf = dir.join(folder).join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

/// `check --format json`: the exit code and the diagnostics, without the
/// file name.
fn check(path: &str) -> (i32, Vec<serde_json::Value>) {
    let run = jixiao(&["check", "--format", "json", path], &[]);
    let mut json: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    for d in &mut json {
        d.as_object_mut().unwrap().remove("file");
    }
    (run.code, json)
}

#[test]
fn gbk_and_utf16_copies_check_as_the_original_with_one_warning() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in examples() {
        let (code, original) = check(&write(dir.path(), "utf8", &name, text.as_bytes()));
        assert!(original.iter().all(|d| d["code"] != "W115"));
        for (encoding, bytes) in copies(&text) {
            let (copy_code, mut copy) = check(&write(dir.path(), encoding, &name, &bytes));
            let warnings: Vec<_> = copy.iter().filter(|d| d["code"] == "W115").collect();
            assert_eq!(warnings.len(), 1, "{encoding} {name}: {copy:?}");
            copy.retain(|d| d["code"] != "W115");
            assert_eq!((copy_code, &copy), (code, &original), "{encoding} {name}");
        }
    }
}

#[test]
fn gbk_and_utf16_copies_give_the_same_typst_source() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in examples() {
        let original = jixiao(
            &["typst", &write(dir.path(), "utf8", &name, text.as_bytes())],
            &[],
        );
        assert_eq!(original.code, 0, "{name}: {}", original.stderr);
        assert!(!original.stderr.contains("W115"));
        for (encoding, bytes) in copies(&text) {
            let copy = jixiao(&["typst", &write(dir.path(), encoding, &name, &bytes)], &[]);
            assert_eq!(copy.code, 0, "{encoding} {name}: {}", copy.stderr);
            assert!(copy.stdout == original.stdout, "{encoding} {name}");
            assert_eq!(copy.stderr.matches("W115").count(), 1, "{}", copy.stderr);
        }
    }
}

#[test]
fn a_gbk_copy_builds_the_same_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let text = support::read(&root().join("examples/yuelu-2021.jx"));
    let original = write(dir.path(), "utf8", "岳麓.jx", text.as_bytes());
    let (_, gbk) = copies(&text).swap_remove(0);
    let copy = write(dir.path(), "gbk", "岳麓.jx", &gbk);
    for input in [&original, &copy] {
        let run = jixiao(&["build", input], &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let pdf = |folder: &str| std::fs::read(dir.path().join(folder).join("岳麓.pdf")).unwrap();
    assert!(pdf("gbk") == pdf("utf8"), "the PDFs differ");
}

/// `text` with CRLF line ends, after a byte order mark when `bom`.
fn crlf(text: &str, bom: bool) -> Vec<u8> {
    let mut bytes = if bom {
        b"\xEF\xBB\xBF".to_vec()
    } else {
        Vec::new()
    };
    bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    bytes
}

#[test]
fn fmt_keeps_crlf_and_the_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in examples() {
        let formatted = jixiao::fmt::format(&text, jixiao::fmt::Keywords::Keep).unwrap();
        for bom in [true, false] {
            let folder = if bom { "crlf-bom" } else { "crlf" };
            let path = write(dir.path(), folder, &name, &crlf(&text, bom));
            let run = jixiao(&["fmt", &path], &[]);
            assert_eq!(run.code, 0, "{}", run.stderr);
            let after = std::fs::read(&path).unwrap();
            assert!(after == crlf(&formatted, bom), "{folder} {name}");
            let run = jixiao(&["fmt", "--check", &path], &[]);
            assert_eq!(run.code, 0, "{folder} {name}: {}", run.stdout);
        }
    }
}

#[test]
fn fmt_writes_utf8_and_can_change_line_ends_and_drop_the_mark() {
    let dir = tempfile::tempdir().unwrap();
    let (name, text) = examples().swap_remove(0);
    let formatted = jixiao::fmt::format(&text, jixiao::fmt::Keywords::Keep).unwrap();
    for (encoding, bytes) in copies(&text) {
        let path = write(dir.path(), encoding, &name, &bytes);
        let run = jixiao(&["fmt", "--check", &path], &[]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "--check changes nothing"
        );
        let run = jixiao(&["fmt", &path], &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.stderr.matches("W115").count(), 1, "{}", run.stderr);
        let written = std::fs::read(&path).unwrap();
        // UTF-16 had a byte order mark: it is kept, as UTF-8's.
        let expected = match encoding {
            "gbk" => formatted.clone().into_bytes(),
            _ => [b"\xEF\xBB\xBF".as_slice(), formatted.as_bytes()].concat(),
        };
        assert!(written == expected, "{encoding}");
    }
    let path = write(dir.path(), "options", &name, &crlf(&text, true));
    let run = jixiao(&["fmt", "--line-ends", "lf", "--no-bom", &path], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::read(&path).unwrap() == formatted.as_bytes());
    let run = jixiao(&["fmt", "--line-ends", "crlf", &path], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::read(&path).unwrap() == crlf(&formatted, false));
    // Only the byte order mark would change: --check says so.
    let path = write(dir.path(), "bom", &name, &crlf(&formatted, true));
    let run = jixiao(&["fmt", "--check", "--no-bom", &path], &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("is laid out right"), "{}", run.stderr);
}
