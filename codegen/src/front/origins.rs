//! Where each node the front door moved stood in the document as written,
//! so that a diagnostic about the rewritten document names the place in
//! the user's file.
//!
//! The rewrites run one after another; each step records the moves it made
//! as pairs (the node's place after the step, its place before). A pointer
//! into the final document is traced back through the steps, last first:
//! at each step the longest recorded place that starts the pointer is
//! replaced by where it came from. A place no step moved stays as it is.

use crate::pointer::Pointer;

/// One node's move in one step: its place after the step, and before.
type Move = (Vec<String>, Vec<String>);

/// The moves of the front door's rewrites, step by step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origins {
    steps: Vec<Vec<Move>>,
}

impl Origins {
    /// Records one step's moves (`(after, before)`, unescaped tokens); a
    /// step that moved nothing is not recorded.
    pub(crate) fn record(&mut self, moves: Vec<Move>) {
        let moves: Vec<Move> = moves.into_iter().filter(|(to, from)| to != from).collect();
        if !moves.is_empty() {
            self.steps.push(moves);
        }
    }

    /// How many steps are recorded: a mark for [`Origins::original_before`].
    pub(crate) fn mark(&self) -> usize {
        self.steps.len()
    }

    /// Whether no node was moved.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Where the node at `pointer` of the rewritten document stood in the
    /// document as written.
    pub fn original(&self, pointer: &Pointer) -> Pointer {
        self.original_before(self.steps.len(), pointer)
    }

    /// Where the node at `pointer`, a place in the document as it was after
    /// the first `mark` steps, stood in the document as written.
    pub(crate) fn original_before(&self, mark: usize, pointer: &Pointer) -> Pointer {
        let mut tokens = pointer.tokens().to_vec();
        for step in self.steps[..mark.min(self.steps.len())].iter().rev() {
            let found = step
                .iter()
                .filter(|(to, _)| tokens.starts_with(to))
                .max_by_key(|(to, _)| to.len());
            if let Some((to, from)) = found {
                let rest = tokens.split_off(to.len());
                tokens = from.iter().cloned().chain(rest).collect();
            }
        }
        tokens
            .iter()
            .fold(Pointer::root(), |pointer, token| pointer.push(token))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<String> {
        text.split('/')
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect()
    }

    fn pointer(text: &str) -> Pointer {
        tokens(text)
            .iter()
            .fold(Pointer::root(), |pointer, token| pointer.push(token))
    }

    #[test]
    fn pointers_are_traced_back_through_the_steps_last_first() {
        let mut origins = Origins::default();
        // An inner `$ref` with siblings wrapped first (the walk rewrites
        // subschemas before their parent's own keywords)...
        origins.record(vec![(
            tokens("s/A/allOf/0/p/allOf/0"),
            tokens("s/A/allOf/0/p"),
        )]);
        // ...then the parent's `$ref` put before its own `allOf` part.
        origins.record(vec![
            (tokens("s/A/allOf/0"), tokens("s/A")),
            (tokens("s/A/allOf/1"), tokens("s/A/allOf/0")),
        ]);
        assert_eq!(
            origins.original(&pointer("s/A/allOf/1/p/allOf/0/$ref")),
            pointer("s/A/allOf/0/p/$ref")
        );
        assert_eq!(
            origins.original(&pointer("s/A/allOf/0/$ref")),
            pointer("s/A/$ref")
        );
        assert_eq!(origins.original(&pointer("s/B/type")), pointer("s/B/type"));
        // Before the second step, the first alone applies.
        assert_eq!(
            origins.original_before(1, &pointer("s/A/allOf/0/p/allOf/0/$ref")),
            pointer("s/A/allOf/0/p/$ref")
        );
    }
}
