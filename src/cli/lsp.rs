//! `jixiao lsp`: a language server over stdio. The protocol lives here; what
//! it shows (diagnostics, hover, completion, outline, folding, formatting)
//! comes from the pure library (`jixiao::ide`, `jixiao::compile_reached`,
//! `jixiao::fmt`). Documents are synchronised whole on every change; every
//! position is converted between byte offsets and UTF-16 columns.
//!
//! Nothing the editor sends ends the session: a message that cannot be read
//! is skipped ([`transport`]); a bug while checking a document or answering
//! a request is caught ([`super::guarded`]) and reported, and the server
//! goes on.

pub mod transport;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, OnceLock};

use jixiao::Checked;
use jixiao::diag::{Lang, Severity};
use jixiao::ide::{self, CompletionKind, FoldKind, LineIndex, SymbolKind};
use jixiao::span::Span;
use jixiao::template::Loaded;

use super::{dir_of, recording_loader};
use lsp_server::{Connection, ErrorCode, Message as Msg, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{
    Completion, DocumentSymbolRequest, FoldingRangeRequest, Formatting, HoverRequest, Request as _,
};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionOptions, CompletionParams, DocumentSymbol,
    DocumentSymbolParams, FoldingRange, FoldingRangeKind, FoldingRangeParams,
    FoldingRangeProviderCapability, Hover, HoverContents, HoverParams, HoverProviderCapability,
    InitializeParams, MarkupContent, MarkupKind, NumberOrString, OneOf, Position,
    PositionEncodingKind, PublishDiagnosticsParams, Range, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Uri,
};

use super::{Failure, Message, guarded};

/// Runs the server until the editor says `exit`. `lang` is `--lang` when
/// given; otherwise the editor's locale decides, then `fallback`.
pub fn run(lang: Option<Lang>, fallback: Lang) -> Result<ExitCode, Failure> {
    let chosen = Arc::new(OnceLock::new());
    let stdio = transport::Stdio::start(chosen.clone(), lang.unwrap_or(fallback));
    let connection = &stdio.connection;
    let failed = |e: String| Failure::environment(Message::Lsp(e));
    let capabilities = ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions::default()),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    };
    let capabilities = serde_json::to_value(capabilities).expect("capabilities serialise");
    let params = connection
        .initialize(capabilities)
        .map_err(|e| failed(e.to_string()))?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let lang = lang
        .or_else(|| params.locale.as_deref().map(Lang::from_locale))
        .unwrap_or(fallback);
    let _ = chosen.set(lang);
    let mut server = Server::new(connection, lang);
    let outcome = server.main_loop();
    stdio.finish().map_err(|e| failed(e.to_string()))?;
    outcome.map_err(failed)?;
    Ok(ExitCode::SUCCESS)
}

/// An open document: its text and what was computed from it.
struct Document {
    text: String,
    lines: LineIndex,
    /// `None` until computed, and when computing it failed (a bug): the
    /// editor is then shown one internal-error diagnostic.
    checked: Option<Checked>,
    /// The files its check read (its template, a sheet's projects).
    reads: Vec<PathBuf>,
}

impl Document {
    fn new(text: String) -> Self {
        Document {
            lines: LineIndex::new(&text),
            checked: None,
            reads: Vec::new(),
            text,
        }
    }

    fn range(&self, span: Span) -> Range {
        let position = |offset| {
            let (line, character) = self.lines.position(&self.text, offset);
            Position { line, character }
        };
        Range {
            start: position(span.start),
            end: position(span.end),
        }
    }

    fn offset(&self, position: Position) -> usize {
        self.lines
            .offset(&self.text, position.line, position.character)
    }
}

struct Server<'a> {
    connection: &'a Connection,
    lang: Lang,
    documents: HashMap<Uri, Document>,
}

impl<'a> Server<'a> {
    fn new(connection: &'a Connection, lang: Lang) -> Self {
        Server {
            connection,
            lang,
            documents: HashMap::new(),
        }
    }

    fn main_loop(&mut self) -> Result<(), String> {
        for message in &self.connection.receiver {
            match message {
                Msg::Request(request) => {
                    if self
                        .connection
                        .handle_shutdown(&request)
                        .map_err(|e| e.to_string())?
                    {
                        return Ok(());
                    }
                    // A bug in one request must not take the editor's
                    // session down: it is answered with an error (and the
                    // panic message goes to stderr, the editor's log).
                    let id = request.id.clone();
                    let response = guarded(|| self.request(request)).unwrap_or_else(|| {
                        Response::new_err(
                            id,
                            ErrorCode::InternalError as i32,
                            Message::LspRequestFailed.text(self.lang),
                        )
                    });
                    self.send(Msg::Response(response))?;
                }
                Msg::Notification(notification) => {
                    // Each document is guarded where it is checked; this
                    // is for a bug anywhere else.
                    guarded(|| self.notification(notification)).unwrap_or(Ok(()))?
                }
                Msg::Response(_) => {}
            }
        }
        Ok(())
    }

    fn send(&self, message: Msg) -> Result<(), String> {
        self.connection
            .sender
            .send(message)
            .map_err(|e| e.to_string())
    }

    fn notification(&mut self, notification: Notification) -> Result<(), String> {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(params) = parse::<lsp_types::DidOpenTextDocumentParams>(notification.params)
                else {
                    return Ok(());
                };
                let item = params.text_document;
                let check = self.checker(&item.uri);
                self.update(item.uri.clone(), item.text, Some(item.version), check)?;
                self.recheck_readers(&item.uri)
            }
            DidChangeTextDocument::METHOD => {
                let Ok(params) =
                    parse::<lsp_types::DidChangeTextDocumentParams>(notification.params)
                else {
                    return Ok(());
                };
                // Full synchronisation: the last change is the whole text.
                let Some(change) = params.content_changes.into_iter().last() else {
                    return Ok(());
                };
                let document = params.text_document;
                let check = self.checker(&document.uri);
                self.update(
                    document.uri.clone(),
                    change.text,
                    Some(document.version),
                    check,
                )?;
                self.recheck_readers(&document.uri)
            }
            DidCloseTextDocument::METHOD => {
                let Ok(params) =
                    parse::<lsp_types::DidCloseTextDocumentParams>(notification.params)
                else {
                    return Ok(());
                };
                let uri = params.text_document.uri;
                self.documents.remove(&uri);
                // A closed file shows no problems; those that read it read
                // it from the disk again.
                self.publish(uri.clone(), Vec::new(), None)?;
                self.recheck_readers(&uri)
            }
            _ => Ok(()),
        }
    }

    /// Stores the new text of a document, then checks it with `check`
    /// ([`checker`])
    /// and publishes its diagnostics. The text is
    /// stored first, so that a failure while checking never leaves an
    /// older text for formatting or completion to answer from.
    fn update(
        &mut self,
        uri: Uri,
        text: String,
        version: Option<i32>,
        check: impl FnOnce(&str) -> (Checked, Vec<PathBuf>),
    ) -> Result<(), String> {
        let document = self
            .documents
            .entry(uri.clone())
            .insert_entry(Document::new(text))
            .into_mut();
        let (checked, reads) = guarded(|| check(&document.text)).unzip();
        document.checked = checked;
        document.reads = reads.unwrap_or_default();
        let diagnostics =
            guarded(|| self.diagnostics(&uri)).unwrap_or_else(|| vec![self.internal_error()]);
        self.publish(uri, diagnostics, version)
    }

    /// Checks again each other open document whose check read `uri`'s file
    /// (a sheet listing it as a project, a file naming it as its template),
    /// so that it shows that file as the editor has it, saved or not.
    fn recheck_readers(&mut self, uri: &Uri) -> Result<(), String> {
        let Some(path) = file_path(uri.as_str()).map(|p| normal(&p)) else {
            return Ok(());
        };
        let readers: Vec<Uri> = self
            .documents
            .iter()
            .filter(|(other, d)| *other != uri && d.reads.contains(&path))
            .map(|(other, _)| other.clone())
            .collect();
        for reader in readers {
            let text = self.documents[&reader].text.clone();
            let check = self.checker(&reader);
            self.update(reader, text, None, check)?;
        }
        Ok(())
    }

    /// How a document is checked: a file it names by path (a template, a
    /// sheet's project) is read beside it, from the editor when it is open
    /// there, else from the disk; a document that is not a file names
    /// built-in templates only. The check also gives the files it read.
    fn checker(&self, uri: &Uri) -> impl FnOnce(&str) -> (Checked, Vec<PathBuf>) + use<> {
        let path = file_path(uri.as_str());
        let open: HashMap<PathBuf, String> = self
            .documents
            .iter()
            .filter(|(other, _)| *other != uri)
            .filter_map(|(other, d)| Some((normal(&file_path(other.as_str())?), d.text.clone())))
            .collect();
        move |text: &str| {
            let Some(path) = &path else {
                return (
                    jixiao::compile_reached(text, &|_| Loaded::Failed(None)),
                    Vec::new(),
                );
            };
            let dir = dir_of(path);
            let read = RefCell::new(Vec::new());
            let from_disk = recording_loader(dir, &read);
            let load = |reference: &str| {
                let file = dir.join(reference);
                match open.get(&normal(&file)) {
                    Some(text) => {
                        read.borrow_mut().push(file.clone());
                        Loaded::Source {
                            origin: file.display().to_string(),
                            text: text.clone(),
                        }
                    }
                    None => from_disk(reference),
                }
            };
            let checked = jixiao::compile_reached(text, &load);
            let reads = read.borrow().iter().map(|f| normal(f)).collect();
            (checked, reads)
        }
    }

    /// The one diagnostic shown when checking a document failed.
    fn internal_error(&self) -> lsp_types::Diagnostic {
        lsp_types::Diagnostic {
            range: Range::default(),
            severity: Some(lsp_types::DiagnosticSeverity::ERROR),
            source: Some("jixiao".to_string()),
            message: Message::LspInternal.text(self.lang),
            ..lsp_types::Diagnostic::default()
        }
    }

    fn publish(
        &self,
        uri: Uri,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) -> Result<(), String> {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Msg::Notification(Notification::new(
            PublishDiagnostics::METHOD.to_string(),
            params,
        )))
    }

    /// The diagnostics of a document, worded as `jixiao check` words them.
    fn diagnostics(&self, uri: &Uri) -> Vec<lsp_types::Diagnostic> {
        let Some(document) = self.documents.get(uri) else {
            return Vec::new();
        };
        let Some(checked) = &document.checked else {
            return vec![self.internal_error()];
        };
        let help = match self.lang {
            Lang::Zh => "提示",
            Lang::En => "help",
        };
        checked
            .diagnostics
            .iter()
            .map(|d| {
                let text = d.kind.text(self.lang);
                let mut message = format!("{}\n{}", text.message, text.label);
                if let Some(h) = &text.help {
                    message.push_str(&format!("\n{help}: {h}"));
                }
                let related = d
                    .related
                    .iter()
                    .zip(text.related)
                    .map(|(span, label)| lsp_types::DiagnosticRelatedInformation {
                        location: lsp_types::Location {
                            uri: uri.clone(),
                            range: document.range(*span),
                        },
                        message: label,
                    })
                    .collect::<Vec<_>>();
                lsp_types::Diagnostic {
                    range: document.range(d.span),
                    severity: Some(match d.severity() {
                        Severity::Error => lsp_types::DiagnosticSeverity::ERROR,
                        Severity::Warning => lsp_types::DiagnosticSeverity::WARNING,
                        Severity::Advice => lsp_types::DiagnosticSeverity::INFORMATION,
                    }),
                    code: Some(NumberOrString::String(d.code().to_string())),
                    source: Some("jixiao".to_string()),
                    message,
                    related_information: (!related.is_empty()).then_some(related),
                    ..lsp_types::Diagnostic::default()
                }
            })
            .collect()
    }

    fn request(&self, request: Request) -> Response {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            HoverRequest::METHOD => parse::<HoverParams>(request.params).map(|p| {
                let at = p.text_document_position_params;
                serde_json::to_value(self.hover(&at.text_document.uri, at.position))
            }),
            Completion::METHOD => parse::<CompletionParams>(request.params).map(|p| {
                let at = p.text_document_position;
                serde_json::to_value(self.completion(&at.text_document.uri, at.position))
            }),
            Formatting::METHOD => parse::<lsp_types::DocumentFormattingParams>(request.params)
                .map(|p| serde_json::to_value(self.format(&p.text_document.uri))),
            DocumentSymbolRequest::METHOD => parse::<DocumentSymbolParams>(request.params)
                .map(|p| serde_json::to_value(self.symbols(&p.text_document.uri))),
            FoldingRangeRequest::METHOD => parse::<FoldingRangeParams>(request.params)
                .map(|p| serde_json::to_value(self.folding(&p.text_document.uri))),
            method => {
                return Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("jixiao lsp does not handle {method}"),
                );
            }
        };
        match result {
            Ok(value) => Response::new_ok(id, value.expect("LSP types serialise")),
            Err(e) => Response::new_err(id, ErrorCode::InvalidParams as i32, e.to_string()),
        }
    }

    fn hover(&self, uri: &Uri, position: Position) -> Option<Hover> {
        let document = self.documents.get(uri)?;
        let offset = document.offset(position);
        let (span, markdown) = ide::hover(document.checked.as_ref()?, offset, self.lang)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: markdown,
            }),
            range: Some(document.range(span)),
        })
    }

    fn completion(&self, uri: &Uri, position: Position) -> Option<Vec<CompletionItem>> {
        let document = self.documents.get(uri)?;
        let offset = document.offset(position);
        let scheme = document.checked.as_ref().map(|c| &c.scheme);
        let default = jixiao::scheme::Scheme::default();
        let template = document
            .checked
            .as_ref()
            .map_or_else(jixiao::template::default_template, |c| c.template.clone());
        let items = ide::complete(
            &document.text,
            offset,
            scheme.unwrap_or(&default),
            &template,
            self.lang,
        );
        Some(
            items
                .into_iter()
                .enumerate()
                .map(|(i, c)| CompletionItem {
                    kind: Some(match c.kind {
                        CompletionKind::Keyword => CompletionItemKind::KEYWORD,
                        CompletionKind::Category => CompletionItemKind::CLASS,
                        CompletionKind::Field => CompletionItemKind::FIELD,
                        CompletionKind::Value => CompletionItemKind::ENUM_MEMBER,
                        CompletionKind::Unit => CompletionItemKind::UNIT,
                    }),
                    detail: Some(c.detail),
                    // The file's keyword set first, then in the order given.
                    sort_text: Some(format!("{}{i:04}", u8::from(!c.preferred))),
                    label: c.label,
                    ..CompletionItem::default()
                })
                .collect(),
        )
    }

    /// The whole document formatted, as one edit; nothing when it does not
    /// parse (its diagnostics say why) or is formatted already.
    fn format(&self, uri: &Uri) -> Option<Vec<TextEdit>> {
        let document = self.documents.get(uri)?;
        let formatted = jixiao::fmt::format(&document.text, jixiao::fmt::Keywords::Keep).ok()?;
        if formatted == document.text {
            return Some(Vec::new());
        }
        Some(vec![TextEdit {
            range: document.range(Span::new(0, document.text.len())),
            new_text: formatted,
        }])
    }

    fn symbols(&self, uri: &Uri) -> Option<Vec<DocumentSymbol>> {
        let document = self.documents.get(uri)?;
        // The recovered tree: a file with malformed items still has its outline.
        let file = jixiao::parse::parse_recovering(&document.text).file?;
        let checked = document.checked.as_ref()?;
        let symbols = ide::symbols(&document.text, &file, checked, self.lang);
        Some(symbols.into_iter().map(|s| symbol(document, s)).collect())
    }

    fn folding(&self, uri: &Uri) -> Option<Vec<FoldingRange>> {
        let document = self.documents.get(uri)?;
        let ranges = ide::folding(&document.text)
            .into_iter()
            .filter_map(|(span, kind)| {
                let range = document.range(span);
                // A block folds up to the line before its closing brace, so
                // the brace stays in sight.
                let end_line = match kind {
                    FoldKind::Block => range.end.line.saturating_sub(1),
                    _ => range.end.line,
                };
                (end_line > range.start.line).then(|| FoldingRange {
                    start_line: range.start.line,
                    end_line,
                    kind: Some(match kind {
                        FoldKind::Comment => FoldingRangeKind::Comment,
                        FoldKind::Block | FoldKind::Text => FoldingRangeKind::Region,
                    }),
                    ..FoldingRange::default()
                })
            })
            .collect();
        Some(ranges)
    }
}

fn parse<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> serde_json::Result<T> {
    serde_json::from_value(value)
}

#[allow(deprecated)] // DocumentSymbol has a deprecated field that must be set.
fn symbol(document: &Document, s: ide::Symbol) -> DocumentSymbol {
    DocumentSymbol {
        // Editors reject an empty name.
        name: if s.name.trim().is_empty() {
            "\"\"".to_string()
        } else {
            s.name
        },
        detail: s.detail,
        kind: match s.kind {
            SymbolKind::Document => lsp_types::SymbolKind::MODULE,
            SymbolKind::Block => lsp_types::SymbolKind::NAMESPACE,
            SymbolKind::Category => lsp_types::SymbolKind::CLASS,
            SymbolKind::Entry => lsp_types::SymbolKind::FIELD,
        },
        tags: None,
        deprecated: None,
        range: document.range(s.span),
        selection_range: document.range(s.selection),
        children: Some(
            s.children
                .into_iter()
                .map(|c| symbol(document, c))
                .collect(),
        ),
    }
}

/// `path` with its `.` and `..` taken out as far as they go, so that two
/// spellings of a file compare equal (`项目/../表样/x.jx`).
fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            part => out.push(part),
        }
    }
    out
}

/// The path of a `file:` URI, percent-decoded.
fn file_path(uri: &str) -> Option<std::path::PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    let path = String::from_utf8(out).ok()?;
    // `file:///C:/…` on Windows.
    let path = match path.as_bytes() {
        [b'/', drive, b':', ..] if drive.is_ascii_alphabetic() => path[1..].to_string(),
        _ => path,
    };
    Some(std::path::PathBuf::from(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text a formatting request would write over the document.
    fn formatted(server: &Server, uri: &Uri) -> String {
        let edits = server.format(uri).expect("the document parses");
        edits.into_iter().map(|e| e.new_text).collect()
    }

    #[test]
    fn a_failure_while_checking_keeps_the_new_text_and_shows_one_internal_error() {
        let (server_end, editor) = Connection::memory();
        let mut server = Server::new(&server_end, Lang::Zh);
        let uri: Uri = "file:///a.jx".parse().unwrap();
        let old = "自评表 \"旧\" {\n}\n";
        let new = "自评表 \"新\"   {\n}\n";
        server
            .update(uri.clone(), old.to_string(), Some(1), |t| {
                (jixiao::compile(t), Vec::new())
            })
            .unwrap();
        let Ok(Msg::Notification(first)) = editor.receiver.try_recv() else {
            panic!("diagnostics of the first version");
        };
        assert_eq!(first.params["version"], 1);
        assert_ne!(first.params["diagnostics"], serde_json::json!([]));

        server
            .update(uri.clone(), new.to_string(), Some(2), |_| panic!("a bug"))
            .unwrap();
        let Ok(Msg::Notification(second)) = editor.receiver.try_recv() else {
            panic!("diagnostics of the second version");
        };
        assert_eq!(second.params["version"], 2);
        let diagnostics = second.params["diagnostics"].as_array().unwrap();
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        let message = diagnostics[0]["message"].as_str().unwrap();
        assert!(message.starts_with("jixiao 内部错误"), "{message}");
        assert_eq!(diagnostics[0]["severity"], 1);
        // Formatting answers from the new text, never the old one.
        assert_eq!(
            formatted(&server, &uri),
            jixiao::fmt::format(new, jixiao::fmt::Keywords::Keep).unwrap()
        );
        // Features that need the checked file answer nothing; the others
        // go on.
        let position = Position::new(0, 1);
        assert!(server.hover(&uri, position).is_none());
        assert!(server.completion(&uri, position).is_some());
        assert!(server.folding(&uri).is_some());
        assert!(editor.receiver.try_recv().is_err(), "one notification each");
    }
}
