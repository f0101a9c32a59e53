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

#[test]
fn watch_sees_saves_by_rename_and_saves_that_keep_the_time_and_size() {
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
    let watch = Watch::start(
        &input,
        &output,
        &dir.path().join("watch.log"),
        &[("JIXIAO_TYPST", typst.to_str().unwrap())],
    );
    wait_for("the first build", shows("第一版"));

    // As an editor saves: another file, renamed over this one.
    let staged = dir.path().join(".a.jx.swp");
    std::fs::write(&staged, named("第二版")).unwrap();
    std::fs::rename(&staged, &input).unwrap();
    wait_for("the save by rename", shows("第二版"));
    let modified = std::fs::metadata(&input).unwrap().modified().unwrap();

    // The same length and, as the clock of a coarse file system gives it,
    // the same modification time: only the file's event tells the save.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&input)
        .unwrap();
    std::io::Write::write_all(&mut &file, named("第三版").as_bytes()).unwrap();
    file.set_modified(modified).unwrap();
    drop(file);
    assert_eq!(named("第三版").len(), named("第二版").len());
    wait_for("the save of the same time and size", shows("第三版"));

    // Reading the file is no save: the builds stop.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let updates = watch.log().matches("updated").count();
    assert!(updates >= 3, "{}", watch.log());
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(
        watch.log().matches("updated").count(),
        updates,
        "{}",
        watch.log()
    );
    let status = watch.stop();
    assert!(status.success(), "{status}");
}

/// A save of a file the watched one reads (a project file its 部门整体
/// sheet lists, the template that project names) is built too, and the
/// builds stop when nothing changes.
#[test]
fn watch_sees_saves_of_the_files_it_reads() {
    let dir = support::department_folder();
    let input = dir.path().join("部门整体.jx");
    let output = dir.path().join("部门整体.pdf");
    let typst = fake_typst(dir.path(), TYPST);
    let shows = |text: &str| {
        let text = text.to_string();
        let output = output.clone();
        move || std::fs::read_to_string(&output).is_ok_and(|t| t.contains(&text))
    };
    let watch = Watch::start(
        &input,
        &output,
        &dir.path().join("watch.log"),
        &[("JIXIAO_TYPST", typst.to_str().unwrap())],
    );
    wait_for("the first build", shows("农技推广培训项目"));

    // A listed project renamed: the sheet's table shows the new name.
    let project = dir.path().join("项目/农技推广.jx");
    let text = std::fs::read_to_string(&project).unwrap();
    save(
        &project,
        text.replace("农技推广培训项目", "农机推广培训项目"),
    );
    wait_for("the project's save", shows("农机推广培训项目"));

    // The template that project names, broken: the sheet says so.
    let template = dir.path().join("表样/本县2025.jx");
    let text = std::fs::read_to_string(&template).unwrap();
    save(
        &template,
        text.replace("表样 \"本县2025\" {", "表样 \"本县2025\" { 未知项 1"),
    );
    wait_for("the template's save", || {
        watch.log().contains("the PDF stays as it last was")
    });

    // Each build, good or not, ends in one of these lines.
    let builds = || {
        let log = watch.log();
        log.matches("updated").count() + log.matches("the PDF stays").count()
    };
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let before = builds();
    assert!(before >= 3, "{}", watch.log());
    std::thread::sleep(std::time::Duration::from_millis(2500));
    assert_eq!(builds(), before, "{}", watch.log());
    let status = watch.stop();
    assert!(status.success(), "{status}");
}
