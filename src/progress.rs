//! Progress of a long analysis, for the page's progress bar.
//!
//! Ambient (one sink per thread) rather than a callback threaded through every signature: the
//! reader and the analysis call [`report`] at a few points, and only the wasm boundary, which
//! runs the analysis in a Web Worker, installs a sink that posts to the page. Natively and in
//! tests there is no sink and a report costs one thread-local read.

use std::cell::RefCell;

/// The stages a user sees named beside the progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Reading,
    Mapping,
    Comparing,
    Pairing,
}

impl Stage {
    /// Words for the page: "Reading the file… 40 %".
    pub fn label(self) -> &'static str {
        match self {
            Stage::Reading => "Reading the file",
            Stage::Mapping => "Matching the columns",
            Stage::Comparing => "Comparing organisations",
            Stage::Pairing => "Finding peers and learning pairs",
        }
    }

    /// Where each stage sits on one bar from 0 to 1: reading dominates on big files.
    fn span(self) -> (f64, f64) {
        match self {
            Stage::Reading => (0.0, 0.5),
            Stage::Mapping => (0.5, 0.65),
            Stage::Comparing => (0.65, 0.85),
            Stage::Pairing => (0.85, 1.0),
        }
    }
}

/// Rows that a long loop over a file's rows (splitting the text into rows, mapping rows to
/// observations) handles in one call of the function that does it, reporting progress between
/// calls. A browser runs a wasm function first as code compiled quickly, and optimises it only
/// for its next call: a loop over every row of a big file in one call ran all of it on the
/// quick code (a 200 MB file's first analysis in Node: 4.5–5.1 s in one call, 3.2 s in calls).
pub const ROWS_PER_CALL: usize = 16_384;

type Sink = Box<dyn FnMut(Stage, f64)>;

thread_local! {
    static SINK: RefCell<Option<(Sink, f64)>> = const { RefCell::new(None) };
}

/// Say that `stage` is `fraction` (0 to 1) done. The sink hears at most about a hundred
/// reports per analysis: only moves of at least 1 % of the whole bar are passed on.
pub fn report(stage: Stage, fraction: f64) {
    SINK.with(|cell| {
        let Ok(mut slot) = cell.try_borrow_mut() else { return };
        let Some((sink, last)) = slot.as_mut() else { return };
        let (from, to) = stage.span();
        let overall = from + (to - from) * fraction.clamp(0.0, 1.0);
        if overall >= *last + 0.01 || (overall >= 1.0 && *last < 1.0) {
            *last = overall;
            sink(stage, overall);
        }
    });
}

/// Run `work` with `sink` hearing its progress (stage, overall fraction of the bar).
pub fn with_sink<R>(sink: impl FnMut(Stage, f64) + 'static, work: impl FnOnce() -> R) -> R {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            SINK.with(|cell| cell.replace(None));
        }
    }
    SINK.with(|cell| cell.replace(Some((Box::new(sink), -1.0))));
    let _reset = Reset;
    work()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn reports_are_thinned_ordered_and_stop_after_the_work() {
        let heard = Rc::new(RefCell::new(Vec::new()));
        let sink_heard = heard.clone();
        with_sink(
            move |stage, f| sink_heard.borrow_mut().push((stage, f)),
            || {
                for i in 0..=1000 {
                    report(Stage::Reading, i as f64 / 1000.0);
                }
                report(Stage::Pairing, 1.0);
            },
        );
        report(Stage::Reading, 0.5); // no sink any more: nobody hears this
        let heard = heard.borrow();
        assert!(heard.len() <= 52, "thinned to 1 % steps, got {}", heard.len());
        assert!(heard.windows(2).all(|w| w[0].1 < w[1].1), "fractions only grow");
        assert_eq!(heard[0], (Stage::Reading, 0.0));
        assert_eq!(*heard.last().unwrap(), (Stage::Pairing, 1.0));
        let last_reading = heard[heard.len() - 2];
        assert_eq!(last_reading.0, Stage::Reading);
        assert!((0.49..=0.5).contains(&last_reading.1), "reading fills half the bar, got {}", last_reading.1);
    }
}
