//! Diagnostics: what went wrong, where, and how to fix it.
//!
//! A [`Diagnostic`] is data: a [`Kind`] (which fixes its code, severity and
//! wording), the primary span, and the spans of related places. All wording,
//! in Chinese and English, lives in `catalog.rs`. Rendering goes through
//! miette and is pure: the caller decides about colour and width.

mod catalog;
mod render;

use std::fmt;

use serde::Serialize;

use crate::span::Span;

pub use catalog::{Context, Expected, Found, Kind, Missing, Sort, Text};
pub use render::{JsonDiagnostic, RenderOptions, render, render_json, summary};

/// The language diagnostics and printed labels are worded in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// Chinese for a `zh_*` locale (`LANG=zh_CN.UTF-8`), English otherwise.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Shown, never counted as a problem.
    Advice,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Advice => "advice",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem found in a file.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub kind: Kind,
    /// Where the problem is.
    pub span: Span,
    /// Related places, labelled in the order `Kind::text` words them.
    pub related: Vec<Span>,
}

impl Diagnostic {
    pub fn new(kind: Kind, span: Span) -> Self {
        Diagnostic {
            kind,
            span,
            related: Vec::new(),
        }
    }

    pub fn with_related(mut self, span: Span) -> Self {
        self.related.push(span);
        self
    }

    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }

    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }
}

/// Sorts diagnostics by position, then by code, so output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code()).cmp(&(b.span.start, b.span.end, b.code()))
    });
}
