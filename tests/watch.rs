//! `jixiao watch` goes on watching whatever happens to the file or to typst.
//! typst is a stand-in script here: it copies the generated Typst source to
//! the output again and again, so the "PDF" shows what jixiao last
//! published, and it stops with a failure when that source holds `FAIL`.
#![cfg(unix)]

mod support;

use std::path::Path;

use support::{Watch, fake_typst, root, wait_for};

const TYPST: &str = r#"[ "$1" = watch ] || exit 9
for arg; do source=$output; output=$arg; done
while :; do
  grep -q FAIL "$source" && { echo "main.typ:1:1: error: cannot compile" >&2; exit 3; }
  cp "$source" "$output.part" && mv "$output.part" "$output"
  sleep 0.1
done"#;

/// Writes `bytes` to `path` with a later modification time than the last
/// write, whatever the clock's resolution.
fn save(path: &Path, bytes: impl AsRef<[u8]>) {
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn watch_survives_a_missing_file_bad_bytes_errors_and_a_failing_typst() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.jx");
    let output = dir.path().join("a.pdf");
    let typst = fake_typst(dir.path(), TYPST);
    let minimal = support::read(&root().join("tests/fixtures/ok/minimal.jx"));
    let named = |name: &str| minimal.replace("\"测试项目\"", &format!("\"{name}\""));
    let shows = |name: &str| {
        let name = name.to_string();
        let output = output.clone();
        move || std::fs::read_to_string(&output).is_ok_and(|t| t.contains(&name))
    };
    std::fs::write(&input, named("第一版")).unwrap();
    let mut watch = Watch::start(
        &input,
        &output,
        &dir.path().join("watch.log"),
        &[("JIXIAO_TYPST", typst.to_str().unwrap())],
    );
    wait_for("the first build", shows("第一版"));

    // Deleted, then written again.
    std::fs::remove_file(&input).unwrap();
    wait_for("the missing file", || watch.log().contains("cannot read"));
    save(&input, named("第二版"));
    wait_for("the file written again", shows("第二版"));

    // In no encoding jixiao reads, then with errors: the last good output
    // stays.
    save(&input, b"\xff\xff broken");
    wait_for("the bad bytes", || {
        watch.log().contains("cannot tell the encoding")
    });
    save(
        &input,
        named("第三版").replace("分值 50", "分值 50  得分 60"),
    );
    wait_for("the errors", || {
        watch.log().contains("the PDF stays as it last was")
    });
    assert!(shows("第二版")());

    // typst fails and stops; the next save starts it again.
    save(&input, named("FAIL"));
    wait_for("typst's failure", || watch.log().contains("typst failed"));
    assert!(watch.running(), "{}", watch.log());
    save(&input, named("第四版"));
    wait_for("typst started again", shows("第四版"));
    let log = watch.log();
    assert!(log.contains("still watching"), "{log}");

    assert!(watch.running(), "{log}");
    let status = watch.stop();
    assert!(status.success(), "{status}: {log}");
}
