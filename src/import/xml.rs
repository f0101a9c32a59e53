//! XML of office parts, parsed by roxmltree within limits: no DTD (so no
//! entity beyond the five predefined ones), a bounded number of nodes and a
//! bounded depth, checked before anything walks the tree.

use roxmltree::{Document, Node, ParsingOptions};

use super::{Error, Limits};

pub fn parse<'a>(text: &'a str, entry: &str, limits: &Limits) -> Result<Document<'a>, Error> {
    if depth(text) > limits.depth {
        return Err(Error::TooComplex {
            entry: entry.to_string(),
        });
    }
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: limits.nodes,
    };
    let doc = Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected => Error::Dtd {
            entry: entry.to_string(),
        },
        roxmltree::Error::NodesLimitReached => Error::TooComplex {
            entry: entry.to_string(),
        },
        e => Error::Xml {
            entry: entry.to_string(),
            message: e.to_string(),
        },
    })?;
    Ok(doc)
}

/// How deep elements nest, by a scan of the text before any parser
/// (whose descent is recursive) sees it: start tags open, end tags close,
/// `<…/>`, comments, CDATA, declarations and processing instructions
/// neither. Malformed text gives some number; the parser refuses it after.
fn depth(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    let skip_to = |from: usize, end: &[u8]| {
        bytes
            .get(from..)
            .and_then(|rest| rest.windows(end.len()).position(|w| w == end))
            .map_or(bytes.len(), |p| from + p + end.len())
    };
    while let Some(p) = bytes.get(i..).and_then(memchr_lt) {
        let at = i + p;
        let rest = bytes.get(at..).unwrap_or_default();
        if rest.starts_with(b"<!--") {
            i = skip_to(at + 4, b"-->");
        } else if rest.starts_with(b"<![CDATA[") {
            i = skip_to(at + 9, b"]]>");
        } else if rest.starts_with(b"<?") {
            i = skip_to(at + 2, b"?>");
        } else if rest.starts_with(b"<!") {
            i = skip_to(at + 2, b">");
        } else if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            i = skip_to(at + 2, b">");
        } else {
            // A start tag: to its `>`, outside quoted attribute values.
            let mut quote = None;
            let mut j = at + 1;
            while let Some(&b) = bytes.get(j) {
                match (quote, b) {
                    (None, b'"' | b'\'') => quote = Some(b),
                    (Some(q), b) if b == q => quote = None,
                    (None, b'>') => break,
                    _ => {}
                }
                j += 1;
            }
            if bytes.get(j.wrapping_sub(1)) != Some(&b'/') {
                depth += 1;
                deepest = deepest.max(depth);
            }
            i = j + 1;
        }
    }
    deepest
}

fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'<')
}

/// Whether `node` is the element `name` of one of the namespaces `ns`.
pub fn is(node: Node, ns: &[&str], name: &str) -> bool {
    node.is_element()
        && node.tag_name().name() == name
        && node.tag_name().namespace().is_some_and(|n| ns.contains(&n))
}

/// The element children of `node` named `name`.
pub fn children<'a, 'input>(
    node: Node<'a, 'input>,
    ns: &'a [&'a str],
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children().filter(move |c| is(*c, ns, name))
}

/// The first element child of `node` named `name`.
pub fn child<'a, 'input>(
    node: Node<'a, 'input>,
    ns: &[&str],
    name: &str,
) -> Option<Node<'a, 'input>> {
    node.children().find(|c| is(*c, ns, name))
}

/// An attribute by its local name, in any namespace or none (office files
/// write `w:val`, `r:id`, and plain `ref`).
pub fn attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == name)
        .map(|a| a.value())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_elements_only() {
        assert_eq!(depth("<a><b/><c x=\"/>\"><d></d></c></a>"), 3);
        assert_eq!(
            depth("<?xml version=\"1.0\"?><!-- <x><y> --><a><![CDATA[<b><c>]]></a>"),
            1
        );
        assert_eq!(depth(&"<a>".repeat(1000)), 1000);
        assert_eq!(depth("<a"), 1);
        assert_eq!(depth(""), 0);
    }
}
