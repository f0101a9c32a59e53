//! A table as a grid of cells, merged cells rebuilt: every place a merged
//! cell covers holds its text and points at its top-left place (its
//! origin), so a label merged down the rows (一级指标) reads on each row.

/// Where a cell is, as its reader counts: for Word, the row of the table
/// and the cell in that row; for Excel, the sheet's row and column.
/// Both from 1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Place {
    pub row: usize,
    pub col: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    /// The text of the merged cell this place belongs to.
    pub text: String,
    /// The grid position (row, column) of that cell's top-left place.
    pub origin: (usize, usize),
    /// Where the user sees that cell.
    pub place: Place,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Grid {
    pub rows: Vec<Vec<Cell>>,
}

impl Grid {
    pub fn get(&self, row: usize, col: usize) -> Option<&Cell> {
        self.rows.get(row).and_then(|r| r.get(col))
    }

    /// The cell at a place when it starts on this row (not a part of a
    /// cell merged down from above).
    pub fn own(&self, row: usize, col: usize) -> Option<&Cell> {
        self.get(row, col).filter(|c| c.origin.0 == row)
    }

    /// The cells that start on a row, each once (a cell merged across
    /// columns at its first column), with their columns.
    pub fn starts(&self, row: usize) -> impl Iterator<Item = (usize, &Cell)> {
        self.rows
            .get(row)
            .into_iter()
            .flatten()
            .enumerate()
            .filter(move |(col, c)| c.origin == (row, *col))
    }

    /// The columns a cell starting at (row, col) covers.
    pub fn span(&self, row: usize, col: usize) -> std::ops::Range<usize> {
        let width = self.rows.get(row).map_or(0, |r| {
            r.iter()
                .skip(col)
                .take_while(|c| c.origin == (row, col))
                .count()
        });
        col..col + width.max(1)
    }
}
