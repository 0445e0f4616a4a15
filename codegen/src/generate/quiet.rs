//! Keeping progenitor's and typify's panics off stderr while the generate stage catches them.
//!
//! `catch_unwind` stops a panic but not its report: the default hook has already printed
//! `thread 'main' panicked at ...` (and a backtrace with `RUST_BACKTRACE`) by then, which reads as a
//! crash even though the run goes on to a located error. [`quietly`] installs a hook around the
//! call that stays silent for panics on the calling thread and hands every other thread's panics
//! to the hook it replaced, then restores that hook. The standard library has no scoped hook, so
//! this small piece is hand-written.
//!
//! Calls may overlap (tests run in parallel threads): the first one in installs the hook, the last
//! one out restores the original, and a per-thread depth says which threads are quiet.

use std::cell::Cell;
use std::panic::{self, PanicHookInfo};
use std::sync::{Arc, Mutex, PoisonError};

type Hook = Box<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static>;

thread_local! {
    /// How many [`quietly`] calls are running on this thread.
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// How many [`quietly`] calls are running in the process, and the hook they replaced.
static INSTALLED: Mutex<(usize, Option<Arc<Hook>>)> = Mutex::new((0, None));

/// Runs `f` with panics on this thread silenced (not caught: wrap `f` in `catch_unwind`).
pub(super) fn quietly<T>(f: impl FnOnce() -> T) -> T {
    let _guard = Guard::enter();
    f()
}

struct Guard;

impl Guard {
    fn enter() -> Self {
        let mut state = INSTALLED.lock().unwrap_or_else(PoisonError::into_inner);
        if state.0 == 0 {
            let previous: Arc<Hook> = Arc::new(panic::take_hook());
            let chained = Arc::clone(&previous);
            panic::set_hook(Box::new(move |info| {
                if DEPTH.with(Cell::get) == 0 {
                    chained(info);
                }
            }));
            state.1 = Some(previous);
        }
        state.0 += 1;
        DEPTH.with(|depth| depth.set(depth.get() + 1));
        Guard
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        DEPTH.with(|depth| depth.set(depth.get().saturating_sub(1)));
        let mut state = INSTALLED.lock().unwrap_or_else(PoisonError::into_inner);
        state.0 = state.0.saturating_sub(1);
        if state.0 > 0 || std::thread::panicking() {
            return;
        }
        if let Some(previous) = state.1.take() {
            // Dropping our hook drops its clone of `previous`, so the original comes back whole.
            drop(panic::take_hook());
            match Arc::try_unwrap(previous) {
                Ok(original) => panic::set_hook(original),
                Err(shared) => panic::set_hook(Box::new(move |info| shared(info))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::panic::{AssertUnwindSafe, catch_unwind};

    use super::*;

    #[test]
    fn a_caught_panic_reaches_no_hook_and_the_previous_hook_comes_back() {
        // A hook of our own stands in for the default one: it counts what would be printed.
        static SEEN: Mutex<usize> = Mutex::new(0);
        let _serial = INSTALLED_TEST_LOCK
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let original = panic::take_hook();
        panic::set_hook(Box::new(|_| {
            *SEEN.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        }));
        let caught = quietly(|| catch_unwind(AssertUnwindSafe(|| panic!("typify says no"))));
        assert!(caught.is_err());
        assert_eq!(*SEEN.lock().unwrap_or_else(PoisonError::into_inner), 0);
        // Restored: a panic outside `quietly` reaches the hook again.
        let _ = catch_unwind(|| panic!("after"));
        assert_eq!(*SEEN.lock().unwrap_or_else(PoisonError::into_inner), 1);
        panic::set_hook(original);
    }

    /// Tests that replace the process's hook must not overlap.
    static INSTALLED_TEST_LOCK: Mutex<()> = Mutex::new(());
}
