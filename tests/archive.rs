//! Archived builds (`build --archive`: PDF/A-3u carrying the source and
//! the model) and `extract`, with the real typst CLI and poppler-utils.

mod support;

use std::path::Path;

use support::{
    Extract, jixiao, jixiao_in, pdf_attachments, pdf_detach_all, pdf_pages, pdf_text,
    pdfa_identification, root,
};

/// A folder holding a copy of `example` (from examples/) as `name`.
fn copy_of(example: &str, name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join("examples").join(example), dir.path().join(name)).unwrap();
    dir
}

fn run_in(dir: &Path, args: &[&str]) -> support::Run {
    let run = jixiao_in(dir, args, &[]);
    assert_eq!(run.code, 0, "{:?}: {}", args, run.stderr);
    run
}

#[test]
fn an_archived_build_is_pdfa_3u_with_the_source_and_the_model() {
    let dir = copy_of("yuelu-2021.jx", "岳麓-2021.jx");
    let d = dir.path();
    run_in(
        d,
        &["build", "岳麓-2021.jx", "--archive", "-o", "archived.pdf"],
    );
    run_in(d, &["build", "岳麓-2021.jx", "-o", "plain.pdf"]);
    let archived = d.join("archived.pdf");
    assert_eq!(
        pdfa_identification(&archived),
        Some(("3".into(), "U".into()))
    );
    assert_eq!(pdfa_identification(&d.join("plain.pdf")), None);
    assert_eq!(
        pdf_attachments(&archived),
        ["岳麓-2021.json", "岳麓-2021.jx"]
    );
    let out = d.join("detached");
    std::fs::create_dir(&out).unwrap();
    pdf_detach_all(&archived, &out);
    let input = std::fs::read(d.join("岳麓-2021.jx")).unwrap();
    assert_eq!(std::fs::read(out.join("岳麓-2021.jx")).unwrap(), input);
    let json = run_in(d, &["json", "岳麓-2021.jx"]).stdout;
    assert_eq!(read_string(&out.join("岳麓-2021.json")), json);
    // The pages are those of the plain build.
    assert_eq!(pdf_pages(&archived), pdf_pages(&d.join("plain.pdf")));
}

fn read_string(path: &Path) -> String {
    String::from_utf8(std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn extract_gives_back_the_source_byte_for_byte() {
    // A GBK file with CRLF line ends: what is embedded is the file, not
    // its decoded text.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = support::read(&root().join("examples/yuelu-2021.jx")).replace('\n', "\r\n");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    std::fs::write(d.join("gbk.jx"), &gbk).unwrap();
    run_in(d, &["build", "gbk.jx", "--archive", "-o", "archived.pdf"]);
    let run = run_in(d, &["extract", "archived.pdf"]);
    assert_eq!(std::fs::read(d.join("archived.jx")).unwrap(), &gbk[..]);
    assert!(run.stderr.contains("archived.jx"), "{}", run.stderr);
    // To a named file, into a folder, to stdout.
    run_in(d, &["extract", "archived.pdf", "-o", "again.jx"]);
    assert_eq!(std::fs::read(d.join("again.jx")).unwrap(), &gbk[..]);
    std::fs::create_dir(d.join("folder")).unwrap();
    run_in(d, &["extract", "archived.pdf", "-o", "folder"]);
    assert_eq!(
        std::fs::read(d.join("folder/archived.jx")).unwrap(),
        &gbk[..]
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["extract", "archived.pdf", "-o", "-"])
        .current_dir(d)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(out.stdout, &gbk[..]);
}

#[test]
fn extract_refuses_what_it_cannot_do() {
    let dir = copy_of("yuelu-2021.jx", "yuelu.jx");
    let d = dir.path();
    run_in(d, &["build", "yuelu.jx", "-o", "plain.pdf"]);
    run_in(d, &["build", "yuelu.jx", "--archive", "-o", "archived.pdf"]);
    std::fs::write(d.join("archived.jx"), "mine").unwrap();
    std::fs::write(d.join("broken.pdf"), "%PDF-1.7\nnot really").unwrap();
    let mut transcript = String::new();
    for lang in ["en", "zh"] {
        for args in [
            ["extract", "plain.pdf"],
            ["extract", "yuelu.jx"],
            ["extract", "broken.pdf"],
            ["extract", "archived.pdf"],
        ] {
            let run = jixiao_in(d, &[&["--lang", lang][..], &args].concat(), &[]);
            transcript.push_str(&format!("$ {}\n{}\n", args.join(" "), run.transcript()));
        }
    }
    insta::assert_snapshot!(transcript);
    // Nothing was overwritten or left behind.
    assert_eq!(read_string(&d.join("archived.jx")), "mine");
    let mut names: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "archived.jx",
            "archived.pdf",
            "broken.pdf",
            "plain.pdf",
            "yuelu.jx"
        ]
    );
}

#[test]
fn a_character_no_font_draws_fails_an_archived_build_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = support::read(&root().join("examples/yuelu-2021.jx"))
        .replace("岳麓区灵活就业社保补贴", "岳麓区𠀀灵活就业社保补贴");
    std::fs::write(d.join("rare.jx"), text).unwrap();
    let mut transcript = String::new();
    for lang in ["en", "zh"] {
        let run = jixiao_in(d, &["--lang", lang, "build", "rare.jx", "--archive"], &[]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        let last = run
            .stderr
            .lines()
            .skip_while(|l| !l.contains("PDF/A"))
            .collect::<Vec<_>>();
        transcript.push_str(&last.join("\n"));
        transcript.push('\n');
    }
    insta::assert_snapshot!(transcript);
    assert!(!d.join("rare.pdf").exists());
    // A plain build still goes through (typst draws an empty box).
    run_in(d, &["build", "rare.jx"]);
}

#[test]
fn an_archived_bundle_embeds_each_source() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (example, name) in [
        ("yuelu-2021.jx", "a/x.jx"),
        ("scoring-showcase.jx", "b/x.jx"),
    ] {
        std::fs::create_dir_all(d.join(name).parent().unwrap()).unwrap();
        std::fs::copy(root().join("examples").join(example), d.join(name)).unwrap();
    }
    run_in(d, &["build", "a", "b", "--bundle", "all.pdf", "--archive"]);
    let all = d.join("all.pdf");
    assert_eq!(pdfa_identification(&all), Some(("3".into(), "U".into())));
    assert_eq!(pdf_attachments(&all), ["x-2.jx", "x.jx"]);
    let out = d.join("detached");
    std::fs::create_dir(&out).unwrap();
    pdf_detach_all(&all, &out);
    assert_eq!(
        std::fs::read(out.join("x.jx")).unwrap(),
        std::fs::read(d.join("a/x.jx")).unwrap()
    );
    assert_eq!(
        std::fs::read(out.join("x-2.jx")).unwrap(),
        std::fs::read(d.join("b/x.jx")).unwrap()
    );
    assert!(pdf_text(&all, Extract::Squeezed).contains("岳麓区灵活就业社保补贴"));
}

#[test]
fn archive_of_many_without_a_bundle_is_refused() {
    let run = jixiao(&["build", "examples", "--archive"], &[]);
    insta::assert_snapshot!(run.transcript());
}
