//! `jixiao lsp`: a language server over stdio. The protocol lives here; what
//! it shows (diagnostics, hover, completion, outline, folding, formatting)
//! comes from the pure library (`jixiao::ide`, `jixiao::compile`,
//! `jixiao::fmt`). Documents are synchronised whole on every change; every
//! position is converted between byte offsets and UTF-16 columns.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;

use jixiao::diag::{Lang, Severity};
use jixiao::ide::{self, CompletionKind, FoldKind, LineIndex, SymbolKind};
use jixiao::span::Span;
use jixiao::{Checked, compile};
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

use super::{Failure, Message};

/// Runs the server until the editor says `exit`. `lang` is `--lang` when
/// given; otherwise the editor's locale decides, then `fallback`.
pub fn run(lang: Option<Lang>, fallback: Lang) -> Result<ExitCode, Failure> {
    let (connection, io_threads) = Connection::stdio();
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
    let mut server = Server {
        connection: &connection,
        lang,
        documents: HashMap::new(),
    };
    server.main_loop().map_err(failed)?;
    drop(connection);
    io_threads.join().map_err(|e| failed(e.to_string()))?;
    Ok(ExitCode::SUCCESS)
}

/// An open document: its text and what was computed from it.
struct Document {
    text: String,
    lines: LineIndex,
    checked: Checked,
}

impl Document {
    fn new(text: String) -> Self {
        Document {
            lines: LineIndex::new(&text),
            checked: compile(&text),
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

impl Server<'_> {
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
                    let response = catch_unwind(AssertUnwindSafe(|| self.request(request)))
                        .unwrap_or_else(|_| {
                            Response::new_err(
                                id,
                                ErrorCode::InternalError as i32,
                                "jixiao lsp failed on this request: please report it, with the file"
                                    .to_string(),
                            )
                        });
                    self.send(Msg::Response(response))?;
                }
                Msg::Notification(notification) => {
                    let handled =
                        catch_unwind(AssertUnwindSafe(|| self.notification(notification)));
                    // After a bug, the document keeps its last state.
                    handled.unwrap_or(Ok(()))?
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
        let uri = match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(params) = parse::<lsp_types::DidOpenTextDocumentParams>(notification.params)
                else {
                    return Ok(());
                };
                let item = params.text_document;
                self.documents
                    .insert(item.uri.clone(), Document::new(item.text));
                Some((item.uri, Some(item.version)))
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
                let uri = params.text_document.uri;
                self.documents
                    .insert(uri.clone(), Document::new(change.text));
                Some((uri, Some(params.text_document.version)))
            }
            DidCloseTextDocument::METHOD => {
                let Ok(params) =
                    parse::<lsp_types::DidCloseTextDocumentParams>(notification.params)
                else {
                    return Ok(());
                };
                let uri = params.text_document.uri;
                self.documents.remove(&uri);
                // A closed file shows no problems.
                return self.publish(uri, Vec::new(), None);
            }
            _ => None,
        };
        match uri {
            Some((uri, version)) => {
                let diagnostics = self.diagnostics(&uri);
                self.publish(uri, diagnostics, version)
            }
            None => Ok(()),
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
        let help = match self.lang {
            Lang::Zh => "提示",
            Lang::En => "help",
        };
        document
            .checked
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
        let (span, markdown) = ide::hover(&document.checked, offset, self.lang)?;
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
        let items = ide::complete(&document.text, offset, &document.checked.scheme, self.lang);
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
        let file = jixiao::parse(&document.text).ok()?;
        let symbols = ide::symbols(&document.text, &file, &document.checked, self.lang);
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
