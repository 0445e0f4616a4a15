//! Wall time per stage, so `cargo xtask regenerate --timings` shows where a run spends its time.
//!
//! Measured, not asserted: the figures are for `BENCHMARKS.md` and for a maintainer chasing a slow
//! run, never for a test (a timed assertion fails on a busy machine, not on a slow change).

use std::time::{Duration, Instant};

/// Stage name -> wall time, in the order the stages ran.
#[derive(Debug, Default, Clone)]
pub struct Timings(Vec<(&'static str, Duration)>);

impl Timings {
    /// Runs `f`, recording its wall time under `stage`.
    pub fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.0.push((stage, start.elapsed()));
        out
    }

    /// Runs `f` on a fresh record (a stage on another thread), returning its value and the record.
    pub fn time_owned<T>(mut self, stage: &'static str, f: impl FnOnce() -> T) -> (T, Timings) {
        let out = self.time(stage, f);
        (out, self)
    }

    /// Appends another record's stages (a stage that times its own sub-steps).
    pub fn extend(&mut self, other: Timings) {
        self.0.extend(other.0);
    }

    /// The recorded stages, in order.
    pub fn stages(&self) -> &[(&'static str, Duration)] {
        &self.0
    }

    /// The sum of all recorded stages.
    pub fn total(&self) -> Duration {
        self.0.iter().map(|(_, d)| *d).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_stages_in_order_and_passes_values_through() {
        let mut t = Timings::default();
        let a = t.time("first", || 1);
        let b = t.time("second", || "two");
        assert_eq!((a, b), (1, "two"));
        let names: Vec<_> = t.stages().iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["first", "second"]);
        assert_eq!(t.total(), t.stages()[0].1 + t.stages()[1].1);
    }
}
