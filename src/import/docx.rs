//! Word (.docx): the body's paragraphs and tables, in order. A table's
//! merged cells are rebuilt (`w:gridSpan` across, `w:vMerge` down,
//! `w:gridBefore` at the start of a row); a paragraph is the text of its
//! runs, with tabs and line breaks, without deleted text or field codes.

use roxmltree::Node;

use super::archive::Archive;
use super::grid::{Cell, Grid, Place};
use super::xml::{self, attr, child, children, is};
use super::{Error, Limits, Paragraph, Source};

/// WordprocessingML, transitional and strict.
const W: &[&str] = &[
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const MC: &[&str] = &["http://schemas.openxmlformats.org/markup-compatibility/2006"];

const DOCUMENT: &str = "word/document.xml";

/// A part of the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Grid),
}

/// The body of a .docx, block by block.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Vec<Block>, Error> {
    let mut archive = Archive::open(bytes, limits)?;
    let text = archive.required(DOCUMENT)?;
    let doc = xml::parse(&text, DOCUMENT, limits)?;
    let body = child(doc.root_element(), W, "body").ok_or_else(|| Error::Xml {
        entry: DOCUMENT.into(),
        message: "no w:body".into(),
    })?;
    let mut blocks = Vec::new();
    let mut cells = 0;
    body_blocks(body, &mut blocks, &mut cells, limits)?;
    Ok(blocks)
}

/// The form and its surroundings: the first table with a label of the
/// form, with the tables right after it (a form Word split across pages),
/// the paragraphs before it and after them.
pub fn source(blocks: Vec<Block>) -> Result<Source, Error> {
    let first = blocks
        .iter()
        .position(|b| matches!(b, Block::Table(g) if super::form::looks_like_form(g)))
        .ok_or(Error::NoForm)?;
    let mut source = Source::default();
    let mut in_form = true;
    for (i, block) in blocks.into_iter().enumerate() {
        match block {
            Block::Paragraph(p) if i < first => source.before.push(p.text),
            Block::Paragraph(p) => {
                if i > first && !p.text.trim().is_empty() {
                    in_form = false;
                }
                if !in_form {
                    source.after.push(p);
                }
            }
            Block::Table(grid) if i >= first && in_form => {
                let offset = source.grid.rows.len();
                let last = source
                    .grid
                    .rows
                    .last()
                    .and_then(|r| r.last())
                    .map_or(0, |c| c.place.row);
                for mut row in grid.rows {
                    for cell in &mut row {
                        cell.origin.0 += offset;
                        cell.place.row += last;
                    }
                    source.grid.rows.push(row);
                }
            }
            // A table in the report: its text, a paragraph a row.
            Block::Table(grid) => {
                for (r, _) in grid.rows.iter().enumerate() {
                    let texts: Vec<&str> = grid.starts(r).map(|(_, c)| c.text.trim()).collect();
                    source.after.push(Paragraph {
                        text: texts.join("\t"),
                        heading: None,
                    });
                }
            }
        }
    }
    Ok(source)
}

fn body_blocks(
    node: Node,
    out: &mut Vec<Block>,
    cells: &mut usize,
    limits: &Limits,
) -> Result<(), Error> {
    for c in node.children().filter(Node::is_element) {
        if is(c, W, "p") {
            out.push(Block::Paragraph(Paragraph {
                text: paragraph(c),
                heading: heading(c),
            }));
        } else if is(c, W, "tbl") {
            out.push(Block::Table(table(c, cells, limits)?));
        } else if is(c, W, "sdt") {
            if let Some(content) = child(c, W, "sdtContent") {
                body_blocks(content, out, cells, limits)?;
            }
        } else if is(c, W, "customXml") || is(c, W, "ins") {
            body_blocks(c, out, cells, limits)?;
        }
    }
    Ok(())
}

/// The level of a heading paragraph: its outline level, or its style's
/// (`Heading2`, or `2`, the id Chinese Word gives 标题 2), from 0.
fn heading(p: Node) -> Option<usize> {
    let pr = child(p, W, "pPr")?;
    if let Some(level) = child(pr, W, "outlineLvl").and_then(|o| attr(o, "val")) {
        return level.trim().parse::<usize>().ok().filter(|l| *l < 9);
    }
    let style = child(pr, W, "pStyle").and_then(|s| attr(s, "val"))?;
    let number = ["Heading", "heading", "标题"]
        .iter()
        .find_map(|p| style.strip_prefix(p))
        .unwrap_or(style)
        .trim();
    number
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=9).contains(n))
        .map(|n| n - 1)
}

/// The text of a paragraph.
pub fn paragraph(p: Node) -> String {
    let mut text = String::new();
    runs(p, &mut text);
    text
}

fn runs(node: Node, out: &mut String) {
    for c in node.children().filter(Node::is_element) {
        let name = c.tag_name().name();
        if is(c, W, name) {
            match name {
                "t" => out.push_str(c.text().unwrap_or("")),
                "tab" | "ptab" => out.push('\t'),
                "br" | "cr" => out.push('\n'),
                "noBreakHyphen" => out.push('-'),
                "del" | "delText" | "instrText" | "delInstrText" | "pPr" | "rPr"
                | "txbxContent" | "footnoteReference" | "endnoteReference" => {}
                _ => runs(c, out),
            }
        } else if is(c, MC, "Fallback") {
            // The same content as the choice before it.
        } else {
            runs(c, out);
        }
    }
}

/// The rows of a table: each `w:tc` of a `w:tr`, or inside a content
/// control there.
fn row_cells<'a, 'i>(tr: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    let mut cells = Vec::new();
    for c in tr.children().filter(Node::is_element) {
        if is(c, W, "tc") {
            cells.push(c);
        } else if is(c, W, "sdt") {
            if let Some(content) = child(c, W, "sdtContent") {
                cells.extend(children(content, W, "tc"));
            }
        } else if is(c, W, "customXml") {
            cells.extend(children(c, W, "tc"));
        }
    }
    cells
}

/// The text of a cell: its paragraphs one a line; a table nested in it
/// one row a line.
fn cell_text(tc: Node) -> String {
    let mut lines = Vec::new();
    for c in tc.children().filter(Node::is_element) {
        if is(c, W, "p") {
            lines.push(paragraph(c));
        } else if is(c, W, "tbl") {
            for tr in children(c, W, "tr") {
                let texts: Vec<String> = row_cells(tr).into_iter().map(cell_text).collect();
                lines.push(texts.join("\t"));
            }
        } else if is(c, W, "sdt")
            && let Some(content) = child(c, W, "sdtContent")
        {
            lines.push(cell_text(content));
        }
    }
    lines.join("\n")
}

fn number(node: Option<Node>) -> usize {
    node.and_then(|n| attr(n, "val"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

fn table(tbl: Node, cells: &mut usize, limits: &Limits) -> Result<Grid, Error> {
    let mut grid = Grid::default();
    for (r, tr) in children(tbl, W, "tr").enumerate() {
        let pr = child(tr, W, "trPr");
        let before = number(pr.and_then(|p| child(p, W, "gridBefore")));
        let mut row: Vec<Cell> = Vec::new();
        let mut add = |row: &mut Vec<Cell>, cell: Cell| -> Result<(), Error> {
            *cells += 1;
            if *cells > limits.cells {
                return Err(Error::TooManyCells {
                    limit: limits.cells,
                });
            }
            row.push(cell);
            Ok(())
        };
        for col in 0..before {
            let place = Place { row: r + 1, col: 0 };
            add(
                &mut row,
                Cell {
                    text: String::new(),
                    origin: (r, col),
                    place,
                },
            )?;
        }
        for (k, tc) in row_cells(tr).into_iter().enumerate() {
            let pr = child(tc, W, "tcPr");
            let span = number(pr.and_then(|p| child(p, W, "gridSpan"))).max(1);
            let merge = pr.and_then(|p| child(p, W, "vMerge"));
            let continues = merge.is_some_and(|m| attr(m, "val").is_none_or(|v| v == "continue"));
            let col = row.len();
            let above = continues
                .then(|| grid.get(r.wrapping_sub(1), col).filter(|_| r > 0))
                .flatten()
                .cloned();
            let cell = match above {
                Some(above) => above,
                None => Cell {
                    text: cell_text(tc),
                    origin: (r, col),
                    place: Place {
                        row: r + 1,
                        col: k + 1,
                    },
                },
            };
            for _ in 0..span {
                add(&mut row, cell.clone())?;
            }
        }
        grid.rows.push(row);
    }
    Ok(grid)
}
