//! `jixiao diff` and `jixiao textconv`: what changed in meaning, between
//! two files, a file and a git revision of it, and in `git diff`.

mod support;

use std::path::Path;

use support::{git, git_repository, git_run, jixiao, jixiao_in, read, root};

/// Each pair `tests/fixtures/diff/NAME/{old,new}.jx`, compared as a user
/// runs it: in Chinese, in English and as JSON.
#[test]
fn fixture_pairs() {
    insta::glob!("fixtures/diff/*/new.jx", |new| {
        let dir = new.parent().unwrap();
        let relative = |p: &Path| {
            p.strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .into_owned()
        };
        let (old, new) = (relative(&dir.join("old.jx")), relative(new));
        let zh = jixiao(&["--lang", "zh", "diff", &old, &new], &[]);
        let en = jixiao(&["--lang", "en", "diff", &old, &new], &[]);
        let json = jixiao(&["diff", "--format", "json", &old, &new], &[]);
        // The exit code says whether the meaning changed, and so does JSON.
        let same = zh.code == 0;
        assert!(zh.code == 0 || zh.code == 1, "{}", zh.transcript());
        assert_eq!(en.code, zh.code);
        assert_eq!(json.code, zh.code);
        let parsed: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
        assert_eq!(parsed["same"], serde_json::Value::Bool(same));
        insta::assert_snapshot!(format!(
            "{}\n{}\n{}",
            zh.transcript(),
            en.transcript(),
            json.transcript()
        ));
    });
}

/// The issue's test: every example against its `fmt --keywords en` twin
/// says "no change in meaning" and exits 0, though every keyword changed.
#[test]
fn an_example_and_its_english_keyword_twin_mean_the_same() {
    let dir = tempfile::tempdir().unwrap();
    for example in ["yuelu-2021.jx", "scoring-showcase.jx", "mof-outline.jx"] {
        let original = root().join("examples").join(example);
        let twin = dir.path().join(example);
        std::fs::copy(&original, &twin).unwrap();
        let run = jixiao(&["fmt", "--keywords", "en", twin.to_str().unwrap()], &[]);
        assert_eq!(run.code, 0, "{}", run.transcript());
        assert_ne!(read(&original), read(&twin));
        assert!(read(&twin).contains("evaluation \""), "{example}");
        for lang in ["zh", "en"] {
            let run = jixiao(
                &[
                    "--lang",
                    lang,
                    "diff",
                    original.to_str().unwrap(),
                    twin.to_str().unwrap(),
                ],
                &[],
            );
            assert_eq!(run.code, 0, "{example}: {}", run.transcript());
            let said = if lang == "zh" {
                "没有含义上的变化\n"
            } else {
                "no change in meaning\n"
            };
            assert_eq!(run.stdout, said, "{example}");
        }
    }
}

#[test]
fn a_file_with_errors_is_shown_as_check_shows_it_and_exits_2() {
    let broken = "tests/fixtures/errors/weights-sum.jx";
    let run = jixiao(
        &[
            "--lang",
            "zh",
            "diff",
            "examples/scoring-showcase.jx",
            broken,
        ],
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert_eq!(run.stdout, "");
    let check = jixiao(&["--lang", "zh", "check", broken], &[]);
    assert!(run.stderr.starts_with(&check.stderr), "{}", run.stderr);
    assert!(
        run.stderr.contains("有错误的文件无法比较含义"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_file_exits_2() {
    let run = jixiao(
        &[
            "--lang",
            "zh",
            "diff",
            "examples/scoring-showcase.jx",
            "no-such.jx",
        ],
        &[],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("无法读取 no-such.jx"), "{}", run.stderr);
}

/// A repository holding `a.jx` (the showcase) committed once.
fn repository_with_the_showcase() -> tempfile::TempDir {
    let repo = git_repository();
    std::fs::create_dir(repo.path().join("2022")).unwrap();
    std::fs::copy(
        root().join("examples/scoring-showcase.jx"),
        repo.path().join("2022/a.jx"),
    )
    .unwrap();
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-q", "-m", "the showcase"]);
    repo
}

/// The showcase with the date target of 项目完工时间 moved: 总分 and 等级
/// move with it.
fn change_a_target(file: &Path) {
    let text = read(file).replace("≤2022-12-31", "≤2023-01-31");
    std::fs::write(file, text).unwrap();
}

#[test]
fn diff_against_a_git_revision() {
    let repo = repository_with_the_showcase();
    let sub = repo.path().join("2022");
    change_a_target(&sub.join("a.jx"));
    // From the file's folder and from the root, the same comparison.
    let here = jixiao_in(&sub, &["--lang", "zh", "diff", "HEAD", "a.jx"], &[]);
    assert_eq!(here.code, 1, "{}", here.transcript());
    assert!(
        here.stdout.starts_with("HEAD:a.jx → a.jx\n"),
        "{}",
        here.stdout
    );
    assert!(here.stdout.contains("等级：良 → 优"), "{}", here.stdout);
    let top = jixiao_in(
        repo.path(),
        &["--lang", "zh", "diff", "HEAD", "2022/a.jx"],
        &[],
    );
    assert_eq!(top.code, 1, "{}", top.transcript());
    assert_eq!(
        top.stdout.lines().skip(1).collect::<Vec<_>>(),
        here.stdout.lines().skip(1).collect::<Vec<_>>()
    );
    // Committed, the file is as HEAD has it.
    git(repo.path(), &["commit", "-qam", "later"]);
    let run = jixiao_in(&sub, &["--lang", "zh", "diff", "HEAD", "a.jx"], &[]);
    assert_eq!(
        run.transcript(),
        "exit: 0\n--- stdout\n没有含义上的变化\n--- stderr\n"
    );
    let run = jixiao_in(&sub, &["--lang", "zh", "diff", "HEAD~1", "a.jx"], &[]);
    assert_eq!(run.code, 1);
}

#[test]
fn a_revision_without_the_file_or_no_revision_at_all_is_an_error() {
    let repo = repository_with_the_showcase();
    std::fs::copy(
        root().join("examples/yuelu-2021.jx"),
        repo.path().join("new.jx"),
    )
    .unwrap();
    let run = jixiao_in(
        repo.path(),
        &["--lang", "zh", "diff", "HEAD", "new.jx"],
        &[],
    );
    insta::assert_snapshot!(run.transcript());
    let run = jixiao_in(repo.path(), &["--lang", "zh", "diff", "v9", "new.jx"], &[]);
    insta::assert_snapshot!(run.transcript());
    // Outside any repository.
    let plain = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("examples/yuelu-2021.jx"),
        plain.path().join("a.jx"),
    )
    .unwrap();
    let run = jixiao_in(plain.path(), &["--lang", "en", "diff", "HEAD", "a.jx"], &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("HEAD is neither a file nor a revision of a git repository"),
        "{}",
        run.stderr
    );
}

#[test]
fn without_git_a_revision_says_that_git_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("examples/yuelu-2021.jx"),
        dir.path().join("a.jx"),
    )
    .unwrap();
    let run = jixiao_in(
        dir.path(),
        &["--lang", "zh", "diff", "HEAD", "a.jx"],
        &[("PATH", dir.path().to_str().unwrap())],
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("没有文件 HEAD；把它当作 git 版本来比较需要 git，但找不到 git"),
        "{}",
        run.stderr
    );
}

/// The set-up docs/DIFF.md gives: `git diff` and `git log -p` show the
/// figures that changed, and a reformatting shows nothing.
#[test]
fn git_diff_shows_meaning_through_textconv() {
    let repo = repository_with_the_showcase();
    let dir = repo.path();
    std::fs::write(dir.join(".gitattributes"), "*.jx diff=jixiao\n").unwrap();
    let command = format!("{} --lang zh textconv", env!("CARGO_BIN_EXE_jixiao"));
    git(dir, &["config", "diff.jixiao.textconv", &command]);
    git(dir, &["add", ".gitattributes"]);
    git(dir, &["commit", "-q", "-m", "textconv"]);
    // Every keyword in English: bytes change, meaning does not.
    let run = jixiao_in(dir, &["fmt", "--keywords", "en", "2022/a.jx"], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(!git(dir, &["diff", "--no-textconv"]).is_empty());
    assert_eq!(git(dir, &["diff"]), "");
    git(dir, &["commit", "-qam", "english keywords"]);
    change_a_target(&dir.join("2022/a.jx"));
    let diff = git(dir, &["diff"]);
    insta::assert_snapshot!(diff);
    git(dir, &["commit", "-qam", "a later date"]);
    let log = git(dir, &["log", "-p", "-1", "--format=%s"]);
    assert!(log.ends_with(diff.split_once("@@").unwrap().1), "{log}");
}

#[test]
fn textconv_of_a_file_with_errors_prints_its_text() {
    let broken = "tests/fixtures/errors/weights-sum.jx";
    let run = jixiao(&["--lang", "zh", "textconv", broken], &[]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        format!(
            "# 这个文件有错误（jixiao check 会列出），下面是它的原文\n{}",
            read(&root().join(broken))
        )
    );
}

/// `check --changed`: the changed and the untracked .jx files, not the
/// others; from any folder of the repository.
#[test]
fn check_changed_checks_only_changed_and_new_files() {
    let repo = repository_with_the_showcase();
    let dir = repo.path();
    std::fs::copy(root().join("examples/yuelu-2021.jx"), dir.join("2022/b.jx")).unwrap();
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "b"]);
    let run = jixiao_in(dir, &["--lang", "en", "check", "--changed"], &[]);
    assert_eq!(
        run.transcript(),
        "exit: 0\n--- stdout\n--- stderr\nno .jx file changed or added since HEAD\n"
    );
    change_a_target(&dir.join("2022/a.jx"));
    std::fs::copy(
        root().join("tests/fixtures/errors/weights-sum.jx"),
        dir.join("c.jx"),
    )
    .unwrap();
    std::fs::write(dir.join("notes.txt"), "not an evaluation").unwrap();
    let run = jixiao_in(
        &dir.join("2022"),
        &["--lang", "en", "check", "--changed"],
        &[],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stderr.contains("../c.jx"), "{}", run.stderr);
    assert!(!run.stderr.contains("b.jx"), "{}", run.stderr);
    assert!(
        run.stderr.ends_with("1 error, 0 warnings\n"),
        "{}",
        run.stderr
    );
    // Against the first commit, b.jx changed too: it has the seed warning.
    let run = jixiao_in(
        dir,
        &[
            "--lang",
            "en",
            "check",
            "--changed=HEAD~1",
            "--deny",
            "warnings",
        ],
        &[],
    );
    assert!(run.stderr.contains("2022/b.jx"), "{}", run.stderr);
    let plain = tempfile::tempdir().unwrap();
    let run = jixiao_in(plain.path(), &["--lang", "zh", "check", "--changed"], &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("当前文件夹不在 git 版本库中"),
        "{}",
        run.stderr
    );
    let run = jixiao_in(dir, &["--lang", "zh", "check", "--changed=nothing"], &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("nothing 不是这个版本库中的版本"),
        "{}",
        run.stderr
    );
}

#[test]
fn deny_warnings_makes_a_warning_fail_check() {
    // The seed's example has one warning (a bound written in 完成值).
    let plain = jixiao(&["check", "examples/yuelu-2021.jx"], &[]);
    assert_eq!(plain.code, 0, "{}", plain.transcript());
    assert!(plain.stderr.contains("1 warning"), "{}", plain.stderr);
    let denied = jixiao(
        &["check", "--deny", "warnings", "examples/yuelu-2021.jx"],
        &[],
    );
    assert_eq!(denied.code, 1, "{}", denied.transcript());
}

/// The pre-commit hook of docs/DIFF.md, as written there: a staged file
/// with a warning is not committed, a clean one is.
#[cfg(unix)]
#[test]
fn the_pre_commit_hook_of_the_docs_refuses_warnings() {
    use std::os::unix::fs::PermissionsExt;
    let docs = read(&root().join("docs/DIFF.md"));
    let start = docs.find("#!/bin/sh").expect("the hook is in docs/DIFF.md");
    let hook = &docs[start..start + docs[start..].find("```").unwrap()];
    let repo = git_repository();
    let dir = repo.path();
    let path = dir.join(".git/hooks/pre-commit");
    std::fs::write(&path, hook).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_jixiao")).parent().unwrap();
    let path_var = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let env = [("PATH", path_var.as_str()), ("LANG", "zh_CN.UTF-8")];
    std::fs::copy(root().join("examples/yuelu-2021.jx"), dir.join("岳麓.jx")).unwrap();
    git(dir, &["add", "岳麓.jx"]);
    let refused = git_run(dir, &["commit", "-q", "-m", "yuelu"], &env);
    assert_ne!(refused.code, 0, "{}", refused.transcript());
    assert!(refused.stderr.contains("1 个警告"), "{}", refused.stderr);
    git(dir, &["rm", "-q", "--cached", "岳麓.jx"]);
    std::fs::copy(
        root().join("examples/scoring-showcase.jx"),
        dir.join("a.jx"),
    )
    .unwrap();
    git(dir, &["add", "a.jx"]);
    let run = git_run(dir, &["commit", "-q", "-m", "showcase"], &env);
    assert_eq!(run.code, 0, "{}", run.transcript());
}
