//! `jixiao serve`: the pages, the rules of who may do what, saving, and a
//! finance officer's round trip in a real headless Chromium.
#![cfg(unix)]

mod support;

use std::path::{Path, PathBuf};

use support::http;
use support::{Serve, fake_typst, jixiao_in, root};

/// A copy of examples/ in a temporary folder, with a broken file in a
/// subfolder.
fn department() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "jx") {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    std::fs::create_dir(dir.path().join("二处")).unwrap();
    let broken = support::read(&root().join("examples/yuelu-2021.jx"))
        .replace("岳麓区灵活就业社保补贴", "有错误的项目")
        .replace("分值 10", "分值 11");
    std::fs::write(dir.path().join("二处/有错误.jx"), broken).unwrap();
    dir
}

/// Text as the pages show it (minijinja's HTML escaping).
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;")
}

/// A request that must be refused: why, its headers, its body.
type Refused<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a [u8]);

/// The token of the editor page of `path`.
fn token(serve: &Serve, path: &str) -> String {
    let page = serve.get(&format!("/edit/{}", http::encode(path))).text();
    let start = page
        .find("name=\"token\" value=\"")
        .expect("the editor holds the token")
        + 20;
    page[start..start + 32].to_string()
}

/// The hash the editor page of `path` was opened with.
fn opened(serve: &Serve, path: &str) -> String {
    let page = serve.get(&format!("/edit/{}", http::encode(path))).text();
    let start = page.find("name=\"opened\" value=\"").unwrap() + 21;
    page[start..start + 16].to_string()
}

fn models(dir: &Path) -> Vec<jixiao::model::Model> {
    [
        "mof-outline.jx",
        "scoring-showcase.jx",
        "yuelu-2021.en.jx",
        "yuelu-2021.jx",
    ]
    .iter()
    .map(|f| support::model(&dir.join(f)))
    .collect()
}

#[test]
fn the_overview_lists_every_file_with_the_figures_and_totals_of_summary() {
    let dir = department();
    std::fs::write(dir.path().join("乱码.jx"), b"\xff\xff broken").unwrap();
    let serve = Serve::start(dir.path(), &[], &[]);
    assert!(
        serve.started.contains("http://127.0.0.1:"),
        "{}",
        serve.started
    );
    let page = serve.get("/");
    assert_eq!(page.status, 200);
    let page = page.text();
    let models = models(dir.path());
    let summary =
        jixiao::summary::summarize(&models.iter().collect::<Vec<_>>()).expect("the totals fit");
    for row in &summary.rows {
        assert!(page.contains(&escaped(&row.name)), "{} missing", row.name);
        assert!(page.contains(&escaped(&row.department)));
        assert!(page.contains(&jixiao::format::score(row.total_score)));
    }
    // The totals are those of `summary`, of the files without errors.
    assert!(page.contains(&jixiao::format::plain(summary.annual_budget)));
    assert!(page.contains(&jixiao::format::score(summary.average_score.unwrap())));
    // The file with errors is listed, by its name, with its count.
    assert!(page.contains("有错误的项目"));
    assert!(page.contains("二处&#x2f;有错误.jx"));
    assert!(page.contains("<span class=\"badge bad\">"));
    assert!(page.contains("共 6 份自评：4 份没有错误，2 份有错误或无法读取。"));
    // A file that cannot be read says why, as check does.
    let unreadable = dir.path().canonicalize().unwrap().join("乱码.jx");
    let check = jixiao_in(
        dir.path(),
        &["--lang", "zh", "check", unreadable.to_str().unwrap()],
        &[],
    );
    let why = check.stderr.lines().next().unwrap();
    assert!(
        page.contains(&escaped(why.trim_start_matches("错误: "))),
        "{why}"
    );
    // Links to each evaluation's page.
    assert!(page.contains(&format!(
        "href=\"{}\"",
        escaped(&format!("/file/{}", http::encode("yuelu-2021.jx")))
    )));
}

#[test]
fn the_overview_sorts_by_a_column_both_ways() {
    let dir = department();
    let serve = Serve::start(dir.path(), &[], &[]);
    let order = |query: &str| {
        let page = serve.get(&format!("/?{query}")).text();
        let mut found: Vec<(usize, &str)> =
            ["scoring-showcase.jx", "mof-outline.jx", "yuelu-2021.jx"]
                .iter()
                .map(|f| {
                    (
                        page.find(&format!("<div class=\"path\">{f}</div>"))
                            .unwrap(),
                        *f,
                    )
                })
                .collect();
        found.sort();
        found.into_iter().map(|(_, f)| f).collect::<Vec<_>>()
    };
    let models = models(dir.path());
    let score = |name: &str| {
        let file = support::model(&dir.path().join(name));
        models
            .iter()
            .find(|m| m.evaluation.name == file.evaluation.name)
            .unwrap()
            .evaluation
            .total_score
    };
    let ascending = order("sort=score");
    assert!(
        ascending.windows(2).all(|w| score(w[0]) <= score(w[1])),
        "{ascending:?}"
    );
    let descending = order("sort=score&desc=1");
    assert!(
        descending.windows(2).all(|w| score(w[0]) >= score(w[1])),
        "{descending:?}"
    );
    assert_ne!(ascending, descending);
    // The file with errors comes first by errors, descending.
    let page = serve.get("/?sort=errors&desc=1").text();
    let tbody = &page[page.find("<tbody>").unwrap()..];
    let first = &tbody[..tbody.find("</tr>").unwrap()];
    assert!(first.contains("有错误的项目"), "{first}");
}

/// `check`'s report with its errors moved before the other diagnostics,
/// as the pages show them: each diagnostic starts at a line holding only
/// its code.
fn errors_first(report: &str) -> String {
    let mut blocks: Vec<String> = Vec::new();
    for line in report.lines() {
        let code = line.len() == 4
            && line.starts_with(['E', 'W', 'A'])
            && line[1..].chars().all(|c| c.is_ascii_digit());
        match blocks.last_mut() {
            Some(block) if !code => {
                block.push('\n');
                block.push_str(line);
            }
            _ => blocks.push(line.to_string()),
        }
    }
    let (errors, others): (Vec<String>, Vec<String>) =
        blocks.into_iter().partition(|b| b.starts_with('E'));
    let blocks: Vec<&str> = errors.iter().chain(&others).map(|b| b.trim_end()).collect();
    blocks.join("\n\n")
}

#[test]
fn an_evaluation_page_shows_what_check_prints_and_the_computed_figures() {
    let dir = department();
    let serve = Serve::start(dir.path(), &[], &[]);
    let path = "二处/有错误.jx";
    let check = jixiao_in(dir.path(), &["check", path], &[("COLUMNS", "100")]);
    assert_eq!(check.code, 1);
    // Without the summary line, which the page shows apart.
    let report = check
        .stderr
        .trim_end()
        .rsplit_once('\n')
        .unwrap()
        .0
        .trim_end();
    for (lang, query) in [("zh", ""), ("en", "?lang=en")] {
        let page = serve.get(&format!("/file/{}{query}", http::encode(path)));
        assert_eq!(page.status, 200);
        let page = page.text();
        let check = jixiao_in(
            dir.path(),
            &["--lang", lang, "check", path],
            &[("COLUMNS", "100")],
        );
        let report = check
            .stderr
            .trim_end()
            .rsplit_once('\n')
            .unwrap()
            .0
            .trim_end();
        assert!(
            page.contains(&escaped(&errors_first(report))),
            "{lang}: {page}"
        );
    }
    assert!(report.contains("E"), "{report}");
    // The figures by category, with formulas.
    let page = serve
        .get(&format!("/file/{}", http::encode("yuelu-2021.jx")))
        .text();
    let model = support::model(&dir.path().join("yuelu-2021.jx"));
    assert!(page.contains(&format!(
        "id=\"status\">0 个错误，{} 个警告",
        page.matches("⚠").count()
    )));
    for level1 in &model.evaluation.categories {
        assert!(page.contains(&escaped(&level1.name)));
    }
    let indicator = model.evaluation.categories[0].categories[0].indicators[0].clone();
    if let Some(formula) = &indicator.formula {
        assert!(page.contains(&escaped(formula)), "{formula}");
    }
    assert!(page.contains(&escaped(&format!(
        "总分 {} / {}，自评等级 {}",
        jixiao::format::score(model.evaluation.total_score),
        jixiao::format::plain(model.evaluation.total_weight),
        model.evaluation.grade
    ))));
}

#[test]
fn the_language_comes_from_the_query_else_the_browser() {
    let dir = department();
    let serve = Serve::start(dir.path(), &[], &[]);
    let english = http::request(
        &serve.address,
        "GET",
        "/",
        &[("Accept-Language", "en-US,en;q=0.9,zh;q=0.5")],
        b"",
    )
    .text();
    assert!(english.contains("Evaluations in"), "{english}");
    let chinese = http::request(
        &serve.address,
        "GET",
        "/",
        &[("Accept-Language", "en;q=0.4,zh-CN;q=0.8")],
        b"",
    )
    .text();
    assert!(chinese.contains("自评总览"));
    assert!(serve.get("/").text().contains("自评总览"));
    let asked = serve.get("/?lang=en").text();
    assert!(asked.contains("Evaluations in"));
    // Links keep the language asked for.
    assert!(asked.contains(&escaped("/file/yuelu-2021.jx?lang=en")));
}

#[test]
fn requests_for_another_host_are_refused() {
    let dir = department();
    let serve = Serve::start(dir.path(), &[], &[]);
    let port = serve.address.rsplit(':').next().unwrap().to_string();
    for host in [
        format!("evil.example:{port}"),
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{}", port.parse::<u32>().unwrap() + 1),
        format!("localhost.evil.example:{port}"),
    ] {
        let answer = http::request(&serve.address, "GET", "/", &[("Host", &host)], b"");
        assert_eq!(answer.status, 403, "{host}");
        assert!(!answer.text().contains("岳麓区"), "{host}");
    }
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let answer = http::request(&serve.address, "GET", "/", &[("Host", &host)], b"");
        assert_eq!(answer.status, 200, "{host}");
    }
}

#[test]
fn it_listens_on_the_loopback_address_only() {
    let dir = department();
    let serve = Serve::start(dir.path(), &[], &[]);
    let port: u16 = serve.address.rsplit(':').next().unwrap().parse().unwrap();
    // Every address of this machine but loopback: none connects.
    let others: Vec<std::net::IpAddr> = std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|s| s.connect("192.0.2.1:9").map(|()| s))
        .and_then(|s| s.local_addr())
        .map(|a| a.ip())
        .into_iter()
        .filter(|ip| !ip.is_loopback() && !ip.is_unspecified())
        .collect();
    for ip in others {
        let refused = std::net::TcpStream::connect_timeout(
            &std::net::SocketAddr::new(ip, port),
            std::time::Duration::from_secs(2),
        );
        assert!(refused.is_err(), "{ip}:{port} answers");
    }
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_ok());
}

#[test]
fn saving_needs_the_token_and_a_page_of_the_server() {
    let dir = department();
    let serve = Serve::start(dir.path(), &[], &[]);
    let file = dir.path().join("yuelu-2021.jx");
    let before = std::fs::read(&file).unwrap();
    let token = token(&serve, "yuelu-2021.jx");
    let opened = opened(&serve, "yuelu-2021.jx");
    let text = String::from_utf8(before.clone()).unwrap() + "\n// 改过\n";
    let body = http::form(&[("token", &token), ("opened", &opened), ("text", &text)]);
    let form = ("Content-Type", "application/x-www-form-urlencoded");
    let own = serve.url();
    let own_page = format!("{own}/edit/yuelu-2021.jx");
    let lookalike = format!("{own}.evil.example/");
    let wrong_token = http::form(&[
        ("token", "0123456789abcdef0123456789abcdef"),
        ("opened", &opened),
        ("text", &text),
    ]);
    let refused: [Refused; 5] = [
        (
            "another site",
            vec![("Origin", "http://evil.example"), form],
            &body,
        ),
        ("no origin, no referer", vec![form], &body),
        (
            "a referer of another site",
            vec![("Referer", "http://evil.example/edit/yuelu-2021.jx"), form],
            &body,
        ),
        (
            "a referer that only starts like the server's",
            vec![("Referer", &lookalike), form],
            &body,
        ),
        ("a wrong token", vec![("Origin", &own), form], &wrong_token),
    ];
    for (why, headers, body) in refused {
        let answer = http::request(
            &serve.address,
            "POST",
            "/save/yuelu-2021.jx",
            &headers,
            body,
        );
        assert_eq!(answer.status, 403, "{why}");
        assert_eq!(std::fs::read(&file).unwrap(), before, "{why}");
    }
    // The checking endpoint is guarded the same way.
    let check = http::form(&[("token", "x"), ("path", "yuelu-2021.jx"), ("text", "")]);
    let answer = http::request(
        &serve.address,
        "POST",
        "/check",
        &[("Origin", &own), form],
        &check,
    );
    assert_eq!(answer.status, 403);
    // From its own page (Referer alone, as some browsers send), it saves.
    let answer = http::request(
        &serve.address,
        "POST",
        "/save/yuelu-2021.jx",
        &[("Referer", &own_page), form],
        &body,
    );
    assert_eq!(answer.status, 303, "{}", answer.text());
    assert_eq!(support::read(&file), text);
    assert!(
        answer
            .header("location")
            .unwrap()
            .starts_with("/file/yuelu-2021.jx")
    );
    // Nothing is left beside it.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".jixiao-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn paths_never_leave_the_folder_and_only_jx_files_are_shown() {
    let outer = tempfile::tempdir().unwrap();
    let dir = outer.path().join("dept");
    std::fs::create_dir(&dir).unwrap();
    let example = root().join("examples/yuelu-2021.jx");
    std::fs::copy(&example, dir.join("a.jx")).unwrap();
    std::fs::copy(&example, outer.path().join("secret.jx")).unwrap();
    std::fs::write(dir.join("notes.txt"), "内部资料").unwrap();
    std::os::unix::fs::symlink(outer.path().join("secret.jx"), dir.join("link-out.jx")).unwrap();
    std::os::unix::fs::symlink(outer.path(), dir.join("up")).unwrap();
    std::os::unix::fs::symlink(dir.join("notes.txt"), dir.join("notes.jx")).unwrap();
    let serve = Serve::start(&dir, &[], &[]);
    let secret = outer.path().join("secret.jx");
    let absolute = secret.display().to_string();
    for path in [
        "../secret.jx".to_string(),
        "%2E%2E/secret.jx".to_string(),
        "%2E%2E%2Fsecret.jx".to_string(),
        "sub/../../secret.jx".to_string(),
        http::encode(&absolute),
        format!("/{}", absolute.trim_start_matches('/')),
        "link-out.jx".to_string(),
        "up/secret.jx".to_string(),
        "notes.txt".to_string(),
        "notes.jx".to_string(),
        "missing.jx".to_string(),
    ] {
        for page in ["file", "edit", "pdf"] {
            let answer = serve.get(&format!("/{page}/{path}"));
            assert!(
                answer.status == 404 || answer.status == 400,
                "/{page}/{path}: {}",
                answer.status
            );
            assert!(!answer.text().contains("内部资料"));
        }
    }
    // The overview lists only the file inside.
    let page = serve.get("/").text();
    assert!(page.contains("<div class=\"path\">a.jx</div>"));
    assert!(!page.contains("link-out"), "{page}");
    assert!(!page.contains("secret"));
    // Saving through a link out is refused, and the file outside unchanged.
    let token = token(&serve, "a.jx");
    let before = std::fs::read(&secret).unwrap();
    for path in ["link-out.jx", "up/secret.jx", "..%2Fsecret.jx", "notes.jx"] {
        let answer = serve.post(
            &format!("/save/{path}"),
            &[("token", &token), ("opened", "0"), ("text", "x")],
        );
        assert_eq!(answer.status, 404, "{path}");
    }
    assert_eq!(std::fs::read(&secret).unwrap(), before);
    assert_eq!(support::read(&dir.join("notes.txt")), "内部资料");
}

#[test]
fn a_save_is_refused_when_the_file_changed_since_it_was_opened() {
    let dir = department();
    let serve = Serve::start(dir.path(), &[], &[]);
    let file = dir.path().join("yuelu-2021.jx");
    let token = token(&serve, "yuelu-2021.jx");
    let opened = opened(&serve, "yuelu-2021.jx");
    // Someone else saves meanwhile.
    let theirs = support::read(&file).replace("岳麓区人社局", "岳麓区人力资源和社会保障局");
    std::fs::write(&file, &theirs).unwrap();
    let mine = support::read(&root().join("examples/yuelu-2021.jx")) + "// 我的修改\n";
    let answer = serve.post(
        "/save/yuelu-2021.jx",
        &[("token", &token), ("opened", &opened), ("text", &mine)],
    );
    assert_eq!(answer.status, 409);
    let page = answer.text();
    assert!(page.contains("没有保存：这个文件在你打开之后已经被别人或别的程序修改过"));
    // The user's text is in the page, and theirs on disk.
    assert!(page.contains("&#x2f;&#x2f; 我的修改"), "{page}");
    assert_eq!(support::read(&file), theirs);
    // Saving again from that page without choosing to replace is refused
    // again; choosing to replace the version shown as changed saves.
    let again = serve.post(
        "/save/yuelu-2021.jx",
        &[("token", &token), ("opened", &opened), ("text", &mine)],
    );
    assert_eq!(again.status, 409);
    let start = page.find("name=\"overwrite\" value=\"").unwrap() + 24;
    let overwrite = &page[start..start + 16];
    let replaced = serve.post(
        "/save/yuelu-2021.jx",
        &[
            ("token", &token),
            ("opened", &opened),
            ("overwrite", overwrite),
            ("text", &mine),
        ],
    );
    assert_eq!(replaced.status, 303);
    assert_eq!(support::read(&file), mine);
}

#[test]
fn a_save_keeps_the_line_ends_and_byte_order_mark() {
    let dir = department();
    let file = dir.path().join("yuelu-2021.jx");
    let text = support::read(&file);
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    std::fs::write(&file, &crlf).unwrap();
    let serve = Serve::start(dir.path(), &[], &[]);
    let token = token(&serve, "yuelu-2021.jx");
    let opened = opened(&serve, "yuelu-2021.jx");
    // As a browser sends a textarea: CRLF, whatever the file had.
    let edited = format!("{text}// 复核\n").replace('\n', "\r\n");
    let answer = serve.post(
        "/save/yuelu-2021.jx",
        &[("token", &token), ("opened", &opened), ("text", &edited)],
    );
    assert_eq!(answer.status, 303);
    assert_eq!(support::read(&file), format!("\u{feff}{edited}"));
}

#[test]
fn the_check_endpoint_gives_the_diagnostics_of_a_text_as_typed() {
    let dir = department();
    let serve = Serve::start(dir.path(), &[], &[]);
    let token = token(&serve, "yuelu-2021.jx");
    let text = support::read(&dir.path().join("yuelu-2021.jx")).replace("分值 10", "分值 11");
    let answer = serve.post(
        "/check",
        &[
            ("token", &token),
            ("path", "yuelu-2021.jx"),
            ("text", &text),
        ],
    );
    assert_eq!(answer.status, 200);
    assert!(
        answer
            .header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let json: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
    assert!(json["errors"].as_u64().unwrap() >= 1, "{json}");
    // The same as check of that text in a file.
    std::fs::write(dir.path().join("yuelu-2021.jx"), &text).unwrap();
    let check = jixiao_in(
        dir.path(),
        &["check", "yuelu-2021.jx"],
        &[("COLUMNS", "100"), ("LANG", "zh_CN.UTF-8")],
    );
    let report = check
        .stderr
        .trim_end()
        .rsplit_once('\n')
        .unwrap()
        .0
        .trim_end();
    assert_eq!(
        json["report"].as_str().unwrap().trim_end(),
        errors_first(report)
    );
    assert_eq!(
        json["summary"].as_str().unwrap(),
        check.stderr.trim_end().rsplit_once('\n').unwrap().1
    );
}

#[test]
fn changes_on_disk_show_without_a_restart() {
    let dir = department();
    let serve = Serve::start(dir.path(), &[], &[]);
    assert!(!serve.get("/").text().contains("新加的项目"));
    let text = support::read(&dir.path().join("scoring-showcase.jx"));
    let name = support::model(&dir.path().join("scoring-showcase.jx"))
        .evaluation
        .name;
    std::fs::write(dir.path().join("新.jx"), text.replace(&name, "新加的项目")).unwrap();
    std::fs::remove_file(dir.path().join("mof-outline.jx")).unwrap();
    let page = serve.get("/").text();
    assert!(page.contains("新加的项目"));
    assert!(!page.contains("<div class=\"path\">mof-outline.jx</div>"));
    // A fixed file loses its errors.
    let fixed = support::read(&dir.path().join("二处/有错误.jx")).replace("分值 11", "分值 10");
    std::fs::write(dir.path().join("二处/有错误.jx"), fixed).unwrap();
    assert!(serve.get("/").text().contains("5 份没有错误，0 份有错误"));
}

/// A typst that writes its input as the "PDF" and counts its runs.
fn counting_typst(dir: &Path) -> (PathBuf, PathBuf) {
    let runs = dir.join("runs");
    let typst = fake_typst(
        dir,
        &format!(
            "[ \"$1\" = --version ] && {{ echo 'typst 0.15.1'; exit 0; }}\n[ \"$1\" = fonts ] && exit 0\necho run >> {}\nfor arg; do input=$output; output=$arg; done\n{{ printf '%%PDF-1.7\\n'; cat \"$input\"; }} > \"$output\"",
            runs.display()
        ),
    );
    (typst, runs)
}

#[test]
fn a_pdf_preview_is_built_once_for_the_same_content() {
    let dir = department();
    let tools = tempfile::tempdir().unwrap();
    let (typst, runs) = counting_typst(tools.path());
    let temporary = tools.path().join("tmp");
    std::fs::create_dir(&temporary).unwrap();
    let serve = Serve::start(
        dir.path(),
        &[],
        &[
            ("JIXIAO_TYPST", typst.to_str().unwrap()),
            ("TMPDIR", temporary.to_str().unwrap()),
        ],
    );
    let ran = || support::read(&runs).lines().count();
    let first = serve.get("/pdf/yuelu-2021.jx");
    assert_eq!(first.status, 200, "{}", first.text());
    assert_eq!(first.header("content-type"), Some("application/pdf"));
    assert!(first.body.starts_with(b"%PDF"));
    let model = support::model(&dir.path().join("yuelu-2021.jx"));
    assert!(first.text().contains(&jixiao::emit(&model)));
    let after_first = ran();
    let second = serve.get("/pdf/yuelu-2021.jx");
    assert_eq!(second.body, first.body);
    assert_eq!(ran(), after_first, "the second preview came from the cache");
    // A changed file is built again; a file with errors is not built.
    let file = dir.path().join("yuelu-2021.jx");
    std::fs::write(
        &file,
        support::read(&file).replace("岳麓区人社局", "人社局"),
    )
    .unwrap();
    let third = serve.get("/pdf/yuelu-2021.jx");
    assert!(third.text().contains("人社局"));
    assert!(ran() > after_first);
    let broken = serve.get(&format!("/pdf/{}", http::encode("二处/有错误.jx")));
    assert_eq!(broken.status, 409);
    assert!(broken.text().contains("有错误，不能生成 PDF"));
    // The cache is a temporary folder, removed when the server stops.
    assert_eq!(std::fs::read_dir(&temporary).unwrap().count(), 1);
    drop(serve);
    assert_eq!(std::fs::read_dir(&temporary).unwrap().count(), 0);
}

#[test]
fn the_downloads_are_the_summary_and_the_bundle_of_the_files_without_errors() {
    let dir = department();
    let tools = tempfile::tempdir().unwrap();
    let (typst, _) = counting_typst(tools.path());
    let serve = Serve::start(
        dir.path(),
        &[],
        &[("JIXIAO_TYPST", typst.to_str().unwrap())],
    );
    let good = [
        "mof-outline.jx",
        "scoring-showcase.jx",
        "yuelu-2021.en.jx",
        "yuelu-2021.jx",
    ];
    let mut args = vec!["summary"];
    args.extend(good);
    let summary = jixiao_in(dir.path(), &args, &[]);
    assert_eq!(summary.code, 0, "{}", summary.stderr);
    let csv = serve.get("/summary.csv");
    assert_eq!(csv.status, 200);
    assert_eq!(csv.text(), summary.stdout);
    assert!(
        csv.header("content-disposition")
            .unwrap()
            .starts_with("attachment")
    );
    let xlsx = serve.get("/summary.xlsx");
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.body.starts_with(b"PK"));
    let mut args = vec!["typst", "--bundle"];
    args.extend(good);
    let bundle_source = jixiao_in(dir.path(), &args, &[]);
    let bundle = serve.get("/bundle.pdf");
    assert_eq!(bundle.status, 200, "{}", bundle.text());
    assert!(bundle.text().contains(&bundle_source.stdout));
}

#[test]
fn the_overview_of_200_generated_evaluations_lists_them_all() {
    #[path = "../benches/corpus.rs"]
    mod corpus;
    let dir = tempfile::tempdir().unwrap();
    for seed in 1..=200u64 {
        let path = dir.path().join(format!("eval-{seed:04}.jx"));
        std::fs::write(path, corpus::generate(seed, 20, 12)).unwrap();
    }
    let serve = Serve::start(dir.path(), &[], &[]);
    let start = std::time::Instant::now();
    let page = serve.get("/").text();
    let first = start.elapsed();
    assert_eq!(page.matches("<a class=\"project\"").count(), 200);
    assert!(page.contains("共 200 份自评"));
    // Unchanged files are not checked again.
    let start = std::time::Instant::now();
    assert_eq!(serve.get("/").text(), page);
    let again = start.elapsed();
    eprintln!("overview of 200 files: first {first:?}, again {again:?}");
}

/// A finance officer's round trip in headless Chromium: the overview, an
/// evaluation, its editor; an error typed shows its diagnostic, fixed it
/// goes, saved it is on disk. Skipped only without chromium outside CI.
#[test]
fn in_a_browser_a_file_is_opened_edited_checked_as_typed_and_saved() {
    let (chromium, driver) = match support::webdriver::find() {
        Ok(found) => found,
        Err(why) if std::env::var("CI").as_deref() != Ok("true") => {
            eprintln!("skipped: {why}");
            return;
        }
        Err(why) => panic!("CI needs the browser: {why}"),
    };
    let dir = department();
    let serve = Serve::start(dir.path(), &[], &[]);
    let shots = root().join("target/serve-screenshots");
    let browser = support::webdriver::Browser::start(&chromium, &driver);

    browser.go(&format!("{}/", serve.url()));
    let table = browser.find("#overview").text();
    assert!(table.contains("岳麓区灵活就业社保补贴"), "{table}");
    assert!(table.contains("项目") && table.contains("总分") && table.contains("等级"));
    browser.screenshot(&shots.join("1-overview.png"));

    // Follow the link to an evaluation.
    browser
        .find("a.project[href^='/file/yuelu-2021.jx']")
        .click();
    browser.wait_text("h1", |t| t.contains("岳麓区灵活就业社保补贴"));
    assert!(browser.url().ends_with("/file/yuelu-2021.jx"));
    // The example has warnings, no error.
    let clean = browser.find("#status").text();
    assert!(clean.starts_with("0 个错误，"), "{clean}");
    browser.screenshot(&shots.join("2-evaluation.png"));

    // Its editor; type an error at the end of the file.
    browser.find("#edit").click();
    let text = browser.find("#text");
    let typed = "\n// 已复核\n乱写";
    text.send_keys(typed);
    let status = browser.wait_text("#status", |t| t.starts_with("1 个错误"));
    assert!(
        status.ends_with(&clean[clean.find('，').unwrap()..]),
        "{status}"
    );
    let report = browser.find("#report").text();
    assert!(report.contains("乱写"), "{report}");
    browser.screenshot(&shots.join("3-error-as-typed.png"));

    // Fix it: the diagnostic goes.
    text.send_keys(&support::webdriver::BACKSPACE.repeat(2));
    browser.wait_text("#status", |t| t == clean);
    let report = browser.find("#report").text();
    assert!(!report.contains("乱写"), "{report}");
    browser.find("#save").click();
    browser.wait_text("#saved", |t| t.contains("已保存"));
    browser.screenshot(&shots.join("4-saved.png"));
    let original = support::read(&root().join("examples/yuelu-2021.jx"));
    assert_eq!(
        support::read(&dir.path().join("yuelu-2021.jx")),
        format!("{original}\n// 已复核\n")
    );
}

#[test]
fn serve_of_a_file_or_a_missing_folder_says_what_to_give_it() {
    let dir = department();
    for what in ["yuelu-2021.jx", "没有这个文件夹"] {
        let run = jixiao_in(dir.path(), &["--lang", "zh", "serve", what], &[]);
        assert_eq!(run.code, 1, "{what}");
        assert_eq!(
            run.stderr,
            format!(
                "错误: {what} 不是文件夹\n  提示：jixiao serve 后面写存放 .jx 文件的文件夹，例如 jixiao serve 2023年自评\n"
            )
        );
    }
    // A port in use is said so, in English too.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = jixiao_in(
        dir.path(),
        &["--lang", "en", "serve", ".", "--port", &port],
        &[],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with(&format!("error: cannot listen on port {port}: "))
            && run
                .stderr
                .contains("\n  help: it may be in use; choose another with --port"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_department_page_shows_its_projects_and_its_rows_scored_by_hand() {
    let dir = support::department_folder();
    let serve = Serve::start(dir.path(), &[], &[]);
    let page = serve
        .get(&format!("/file/{}", http::encode("部门整体.jx")))
        .text();
    assert!(page.contains("id=\"status\">0 个错误，0 个警告"), "{page}");
    // Each listed project, with its row of the summary.
    assert!(page.contains(&escaped(
        "全年预算数 80 万元 · 全年执行数 76 万元 · 执行率 95.00% · 等级 良"
    )));
    assert!(page.contains("89.50"), "{page}");
    // A row scored by hand has no target and actual to show.
    assert!(page.contains(&escaped("基础数据信息")), "{page}");
    assert!(!page.contains("<div>指标值  · 完成值 </div>"), "{page}");
    // The execution rule's row shows its rate alone.
    assert!(page.contains("<div>完成值 96.50%</div>"), "{page}");
}
