//! Which cards a scrolled grid shows: the rows in view plus a margin, so the
//! DOM holds a few dozen cards whether the results number ten or a hundred
//! thousand. Pure arithmetic; the view measures and renders.

/// The grid's geometry and where the viewport is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// Number of results.
    pub items: usize,
    /// Cards per row.
    pub columns: usize,
    /// Height of one row including the gap, in pixels.
    pub row_height: f64,
    /// Distance from the top of the grid to the top of the viewport, in
    /// pixels (negative while the grid starts below the viewport's top).
    pub scrolled: f64,
    /// Height of the viewport, in pixels.
    pub height: f64,
    /// Rows rendered beyond each edge of the viewport.
    pub margin_rows: usize,
}

/// The slice of results to render and where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// First result rendered.
    pub start: usize,
    /// One past the last result rendered.
    pub end: usize,
    /// Space above the first rendered row, in pixels.
    pub offset: u32,
    /// Height of the whole grid, in pixels.
    pub total_height: u32,
}

impl Viewport {
    /// The results to render for this viewport.
    pub fn window(&self) -> Window {
        let columns = self.columns.max(1);
        let row_height = self.row_height.max(1.0);
        let rows = self.items.div_ceil(columns);
        let first_visible = (self.scrolled.max(0.0) / row_height).floor() as usize;
        let last_visible = ((self.scrolled + self.height).max(0.0) / row_height).ceil() as usize;
        let first_row = first_visible.saturating_sub(self.margin_rows).min(rows);
        let end_row = (last_visible + self.margin_rows).min(rows).max(first_row);
        Window {
            start: (first_row * columns).min(self.items),
            end: (end_row * columns).min(self.items),
            offset: (first_row as f64 * row_height).round() as u32,
            total_height: (rows as f64 * row_height).round() as u32,
        }
    }
}

/// Cards per row for a grid `width` pixels wide whose cards are at least
/// `min_card` wide with `gap` between them, from one to `max`.
pub fn columns(width: f64, min_card: f64, gap: f64, max: usize) -> usize {
    (((width + gap) / (min_card + gap)).floor() as usize).clamp(1, max.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewport(items: usize, scrolled: f64) -> Viewport {
        Viewport {
            items,
            columns: 3,
            row_height: 100.0,
            scrolled,
            height: 450.0,
            margin_rows: 2,
        }
    }

    #[test]
    fn renders_the_rows_in_view_plus_a_margin() {
        // At the top: rows 0..5 are in view (0..450 px), plus 2 below.
        assert_eq!(
            viewport(1000, 0.0).window(),
            Window {
                start: 0,
                end: 21,
                offset: 0,
                total_height: 33_400
            }
        );
        // Scrolled to 1,000 px: rows 10..15 in view, 8..17 rendered.
        assert_eq!(
            viewport(1000, 1000.0).window(),
            Window {
                start: 24,
                end: 51,
                offset: 800,
                total_height: 33_400
            }
        );
    }

    #[test]
    fn stays_within_the_results() {
        let w = viewport(10, 5000.0).window();
        assert!(w.start <= w.end && w.end <= 10);
        let w = viewport(10, -300.0).window();
        assert_eq!((w.start, w.end), (0, 10));
        assert_eq!(
            viewport(0, 0.0).window(),
            Window {
                start: 0,
                end: 0,
                offset: 0,
                total_height: 0
            }
        );
    }

    #[test]
    fn the_dom_size_does_not_grow_with_the_results() {
        let small = viewport(1_000, 2_000.0).window();
        let large = viewport(100_000, 2_000.0).window();
        assert_eq!(small.end - small.start, large.end - large.start);
    }

    #[test]
    fn columns_fit_the_width() {
        assert_eq!(columns(300.0, 304.0, 12.0, 4), 1);
        assert_eq!(columns(1000.0, 304.0, 12.0, 4), 3);
        assert_eq!(columns(5000.0, 304.0, 12.0, 4), 4);
    }
}
