//! A WebDriver client for the browser test: chromedriver started on a
//! free port, one headless Chromium session, and the dozen calls the test
//! makes (JSON over HTTP, through [`super::http`]).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::http;

/// The key WebDriver names an element by.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// WebDriver's Backspace key.
pub const BACKSPACE: &str = "\u{E003}";

/// The browser and its driver, or why they are not here.
pub fn find() -> Result<(PathBuf, PathBuf), String> {
    let which = |names: &[&str]| {
        names.iter().find_map(|name| {
            std::env::var_os("PATH")
                .iter()
                .flat_map(std::env::split_paths)
                .map(|dir| dir.join(name))
                .find(|p| p.is_file())
        })
    };
    let browser = which(&["chromium", "chromium-browser", "google-chrome"])
        .ok_or("no chromium on PATH (Debian: apt-get install chromium)")?;
    let driver = which(&["chromedriver"])
        .ok_or("no chromedriver on PATH (Debian: apt-get install chromium-driver)")?;
    Ok((browser, driver))
}

/// A browser session, ended (and its driver stopped) when dropped.
pub struct Browser {
    driver: Child,
    address: String,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub fn start(browser: &Path, driver: &Path) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let address = format!("127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(&address).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "goog:chromeOptions": {
                        "binary": browser,
                        "args": [
                            "--headless=new",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-dev-shm-usage",
                            "--window-size=1400,1000",
                            "--lang=zh-CN",
                            format!("--user-data-dir={}", profile.path().display()),
                        ],
                        "prefs": { "intl.accept_languages": "zh-CN,zh" }
                    }
                }
            }
        });
        let mut browser = Browser {
            driver,
            address,
            session: String::new(),
            _profile: profile,
        };
        let answer = browser.call("POST", "/session", Some(capabilities));
        browser.session = answer["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {answer}"))
            .to_string();
        browser
    }

    /// One WebDriver call; its `value`.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let headers = [("Content-Type", "application/json; charset=utf-8")];
        let response = http::request(&self.address, method, path, &headers, body.as_bytes());
        let answer: Value = serde_json::from_slice(&response.body)
            .unwrap_or_else(|e| panic!("WebDriver {path}: {e}: {}", response.text()));
        assert!(
            response.status == 200,
            "WebDriver {method} {path}: {}",
            answer
        );
        answer["value"].clone()
    }

    fn session_call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        self.call(method, &path, body)
    }

    pub fn go(&self, url: &str) {
        self.session_call("POST", "/url", Some(json!({ "url": url })));
    }

    pub fn url(&self) -> String {
        self.session_call("GET", "/url", None)
            .as_str()
            .unwrap()
            .to_string()
    }

    /// The first element `css` selects, waiting up to 30 seconds for it.
    pub fn find(&self, css: &str) -> Element<'_> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let path = format!("/session/{}/elements", self.session);
            let found = self.call(
                "POST",
                &path,
                Some(json!({ "using": "css selector", "value": css })),
            );
            if let Some(id) = found
                .as_array()
                .and_then(|a| a.first())
                .and_then(|e| e[ELEMENT].as_str())
            {
                return Element {
                    browser: self,
                    id: id.to_string(),
                };
            }
            assert!(
                Instant::now() < deadline,
                "no element {css} ({found}) on {}: {}",
                self.url(),
                self.source()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits up to 30 seconds until the text of `css` satisfies `ready`;
    /// that text.
    pub fn wait_text(&self, css: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let text = self.find(css).text();
            if ready(&text) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "{css} still shows {text:?} on {}",
                self.url()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The page's HTML, as the browser has it now.
    pub fn source(&self) -> String {
        self.session_call("GET", "/source", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Runs `script` in the page; what it returns.
    pub fn run(&self, script: &str) -> Value {
        self.session_call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
    }

    /// A PNG of the window, written to `path`.
    pub fn screenshot(&self, path: &Path) {
        let data = self.session_call("GET", "/screenshot", None);
        let png = base64(data.as_str().expect("a screenshot is base64"));
        assert!(png.starts_with(b"\x89PNG"), "a screenshot is a PNG");
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let path = format!("/session/{}", self.session);
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                http::request(&self.address, "DELETE", &path, &[], b"")
            }));
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

pub struct Element<'a> {
    browser: &'a Browser,
    id: String,
}

impl Element<'_> {
    fn call(&self, method: &str, what: &str, body: Option<Value>) -> Value {
        let path = format!("/element/{}{what}", self.id);
        self.browser.session_call(method, &path, body)
    }

    pub fn click(&self) {
        self.call("POST", "/click", Some(json!({})));
    }

    /// Types `text` (at the end of a text field's content).
    pub fn send_keys(&self, text: &str) {
        self.call("POST", "/value", Some(json!({ "text": text })));
    }

    pub fn text(&self) -> String {
        self.call("GET", "/text", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let digits: Vec<u8> = text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
        .map(value)
        .collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, d)| n | (u32::from(*d) << (18 - 6 * i)));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    out
}
