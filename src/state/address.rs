//! Changes of the address bar waiting to be written. Writing an address
//! takes a browser a millisecond or two, so the app queues them and writes
//! them once the change they record has been painted; reading the view's
//! address meanwhile reads the newest one waiting.

/// A change of the address: a new history entry, or the current one
/// replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    Push,
    Replace,
}

/// The changes waiting, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pending(Vec<(Write, String)>);

impl Pending {
    /// Queues a change. A replacement takes the place of the address of the
    /// change still waiting, if any: a new entry then gets the replaced
    /// address, as if the replacement had followed it.
    pub fn add(&mut self, write: Write, search: &str) {
        match (write, self.0.last_mut()) {
            (Write::Replace, Some((_, waiting))) => search.clone_into(waiting),
            _ => self.0.push((write, search.to_owned())),
        }
    }

    /// Whether nothing is waiting.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The address the view will have once everything is written.
    pub fn newest(&self) -> Option<&str> {
        self.0.last().map(|(_, search)| search.as_str())
    }

    /// The changes to write, in order; nothing waits afterwards.
    pub fn take(&mut self) -> Vec<(Write, String)> {
        std::mem::take(&mut self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The history a browser would hold after `writes`, from `start`.
    fn history(start: &str, writes: &[(Write, String)]) -> Vec<String> {
        let mut entries = vec![start.to_owned()];
        for (write, search) in writes {
            match write {
                Write::Push => entries.push(search.clone()),
                Write::Replace => *entries.last_mut().unwrap() = search.clone(),
            }
        }
        entries
    }

    #[test]
    fn pushes_stay_separate_entries_in_order() {
        let mut pending = Pending::default();
        pending.add(Write::Push, "f.region=lumbar");
        pending.add(Write::Push, "f.region=lumbar,cervical");
        assert_eq!(pending.newest(), Some("f.region=lumbar,cervical"));
        assert_eq!(
            history("", &pending.take()),
            ["", "f.region=lumbar", "f.region=lumbar,cervical"]
        );
        assert!(pending.is_empty());
        assert_eq!(pending.newest(), None);
    }

    #[test]
    fn keystrokes_after_a_push_replace_its_address() {
        // The first keystroke of a search adds an entry, later ones replace it.
        let mut pending = Pending::default();
        pending.add(Write::Push, "q=c");
        pending.add(Write::Replace, "q=co");
        pending.add(Write::Replace, "q=cor");
        assert_eq!(pending.take(), [(Write::Push, "q=cor".to_owned())]);
    }

    #[test]
    fn replacements_alone_replace_the_current_entry_once() {
        let mut pending = Pending::default();
        pending.add(Write::Replace, "q=co");
        pending.add(Write::Replace, "q=cor");
        assert_eq!(history("q=c", &pending.take()), ["q=cor"]);
    }

    #[test]
    fn the_queue_leaves_the_history_that_writing_at_once_would() {
        // Every sequence of up to five changes: queued and written later,
        // the history ends as it would with each change written at once.
        let steps = [Write::Push, Write::Replace];
        for n in 0..=5 {
            for mask in 0..(1u32 << n) {
                let writes: Vec<(Write, String)> = (0..n)
                    .map(|k| (steps[((mask >> k) & 1) as usize], format!("v={k}")))
                    .collect();
                let mut pending = Pending::default();
                for (write, search) in &writes {
                    pending.add(*write, search);
                }
                let newest = pending.newest().map(str::to_owned);
                let at_once = history("start", &writes);
                assert_eq!(newest.as_deref(), writes.last().map(|(_, s)| s.as_str()));
                assert_eq!(history("start", &pending.take()), at_once, "{writes:?}");
            }
        }
    }
}
