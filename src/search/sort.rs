//! A stable sort of positions that stops and resumes, so that an app can
//! sort a large list between frames instead of in one long step.

use std::cmp::Ordering;

/// Positions are first sorted in runs of this many, one run per step.
const RUN: usize = 2048;

/// A stable merge sort of the positions `0..len`: first runs of [`RUN`]
/// positions, each sorted in one step, then merges of neighbouring runs, one
/// pair per step, until one run is left. A step takes at most `len`
/// comparisons (the last merge); the whole sort takes as many as one sort
/// in one go.
#[derive(Debug)]
pub struct SlicedSort {
    order: Vec<u32>,
    /// Where a merge pass writes; as long as `order` while merging.
    scratch: Vec<u32>,
    /// Positions per sorted run so far; 0 until the first runs are sorted.
    width: usize,
    /// Where the next run or merge starts.
    at: usize,
    run: usize,
}

impl SlicedSort {
    /// A sort of the positions `0..len`.
    pub fn new(len: usize) -> Self {
        Self::with_run(len, RUN)
    }

    /// A sort whose first runs are `run` positions long.
    fn with_run(len: usize, run: usize) -> Self {
        let len = u32::try_from(len).expect("at most u32::MAX positions");
        Self {
            order: (0..len).collect(),
            scratch: Vec::new(),
            width: 0,
            at: 0,
            run: run.max(1),
        }
    }

    /// Whether the positions are sorted.
    pub fn is_done(&self) -> bool {
        self.width > 0 && self.width >= self.order.len()
    }

    /// Sorts one run or merges one pair of runs, ordering positions by
    /// `compare` (the same order at every step); true once all are sorted.
    pub fn step(&mut self, mut compare: impl FnMut(u32, u32) -> Ordering) -> bool {
        let len = self.order.len();
        if self.is_done() {
            return true;
        }
        if self.width == 0 {
            let end = (self.at + self.run).min(len);
            self.order[self.at..end].sort_by(|&a, &b| compare(a, b));
            self.at = end;
            if self.at >= len {
                self.width = self.run;
                self.at = 0;
            }
            return self.is_done();
        }
        if self.scratch.len() != len {
            self.scratch = vec![0; len];
        }
        let start = self.at;
        let middle = (start + self.width).min(len);
        let end = (start + 2 * self.width).min(len);
        let (left, right) = (&self.order[start..middle], &self.order[middle..end]);
        let out = &mut self.scratch[start..end];
        let (mut i, mut j) = (0, 0);
        for slot in out.iter_mut() {
            // The left run first on ties: the sort stays stable.
            let take_left = j == right.len()
                || (i < left.len() && compare(left[i], right[j]) != Ordering::Greater);
            if take_left {
                *slot = left[i];
                i += 1;
            } else {
                *slot = right[j];
                j += 1;
            }
        }
        self.at = end;
        if self.at >= len {
            std::mem::swap(&mut self.order, &mut self.scratch);
            self.width *= 2;
            self.at = 0;
            if self.is_done() {
                self.scratch = Vec::new();
            }
        }
        self.is_done()
    }

    /// The sorted positions, finishing the sort first if need be.
    pub fn into_order(mut self, mut compare: impl FnMut(u32, u32) -> Ordering) -> Vec<u32> {
        while !self.step(&mut compare) {}
        self.order
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The positions of `keys` sorted by key in one go (stable).
    fn reference(keys: &[u8]) -> Vec<u32> {
        let mut order: Vec<u32> = (0..keys.len() as u32).collect();
        order.sort_by_key(|&p| keys[p as usize]);
        order
    }

    fn sliced(keys: &[u8], run: usize) -> (Vec<u32>, usize) {
        let mut sort = SlicedSort::with_run(keys.len(), run);
        let compare = |a: u32, b: u32| keys[a as usize].cmp(&keys[b as usize]);
        let mut steps = 1;
        while !sort.step(compare) {
            steps += 1;
        }
        (sort.into_order(compare), steps)
    }

    #[test]
    fn sorts_in_runs_then_merges() {
        let keys: Vec<u8> = (0..10u8).rev().collect();
        // 3 runs of 4, 4 and 2, then merges: (4+4, 2), then (8+2).
        let (order, steps) = sliced(&keys, 4);
        assert_eq!(order, reference(&keys));
        assert_eq!(steps, 3 + 2 + 1);
    }

    #[test]
    fn an_empty_or_short_list_is_sorted_in_one_step() {
        assert_eq!(sliced(&[], 4), (vec![], 1));
        assert_eq!(sliced(&[2, 1, 3], 4), (vec![1, 0, 2], 1));
    }

    #[test]
    fn equal_keys_keep_their_order() {
        let keys = [1, 0, 1, 0, 1, 0, 1, 0, 1];
        assert_eq!(sliced(&keys, 2).0, vec![1, 3, 5, 7, 0, 2, 4, 6, 8]);
    }

    #[test]
    fn into_order_finishes_a_sort_under_way() {
        let keys: Vec<u8> = (0..50u8).map(|k| k.wrapping_mul(37)).collect();
        let compare = |a: u32, b: u32| keys[a as usize].cmp(&keys[b as usize]);
        let mut sort = SlicedSort::with_run(keys.len(), 3);
        sort.step(compare);
        sort.step(compare);
        assert_eq!(sort.into_order(compare), reference(&keys));
    }

    // proptest is a native dev-dependency only.
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn matches_a_stable_sort_in_one_go(
            keys in proptest::collection::vec(0u8..8, 0..600),
            run in 1usize..70,
        ) {
            proptest::prop_assert_eq!(sliced(&keys, run).0, reference(&keys));
        }
    }
}
