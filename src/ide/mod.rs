//! Editor support, pure like the rest of the library: what a language
//! server shows, computed from the text of a file. Positions are byte
//! offsets; [`LineIndex`] converts them to an editor's lines and UTF-16
//! columns. The server itself (the protocol over stdio) is the binary's.

mod complete;
mod hover;
mod lines;
mod outline;

pub use complete::{Completion, CompletionKind, complete};
pub use hover::hover;
pub use lines::LineIndex;
pub use outline::{FoldKind, Symbol, SymbolKind, folding, symbols};
