//! A lazy stream of items over Zoom's `next_page_token` pages.
//!
//! Generated code calls [`paginate`] with progenitor's request builder (which carries the
//! filters and `page_size`, so every page repeats them) and a closure that sends one page:
//!
//! ```
//! use futures::StreamExt;
//! use zoom_contact_center_runtime::pagination::paginate;
//!
//! # async fn demo() {
//! // Generated code passes `client.list_queues().page_size(50)` and sends it with the token; here
//! // the "builder" is a page size and the pages are counted out of five items.
//! let items = paginate(2_usize, |size, token: Option<String>| async move {
//!     let start: usize = token.map_or(0, |t| t.parse().unwrap_or(0));
//!     let end = (start + size).min(5);
//!     Ok(((start..end).collect::<Vec<usize>>(), (end < 5).then(|| end.to_string())))
//! });
//! let items: Vec<usize> = items.map(Result::unwrap).collect().await;
//! assert_eq!(items, [0, 1, 2, 3, 4]);
//! # }
//! # futures::executor::block_on(demo());
//! ```

use std::collections::VecDeque;
use std::future::Future;

use futures::Stream;

use super::error::Error;

enum Cursor {
    /// No page fetched yet.
    First,
    /// The token for the next page.
    Next(String),
    /// The last page has been fetched, or an error ended the stream.
    End,
}

struct State<B, T, F> {
    builder: B,
    fetch: F,
    buffered: VecDeque<T>,
    cursor: Cursor,
}

/// Streams the items of every page, fetching a page only when the previous one's items have all
/// been consumed.
///
/// `fetch(builder.clone(), token)` sends one page request (`token` is `None` for the first
/// page) and returns its items and `next_page_token`. The stream ends after a page whose token
/// is missing or empty; empty pages with a token are skipped. After an error the stream ends.
///
/// Errors: whatever `fetch` returns, except that a Zoom code-300 rejection of a request that
/// carried a token becomes [`Error::PageTokenExpired`] (tokens live 15 minutes; the filters were
/// already accepted for the first page), and a token equal to the one just sent gives
/// [`Error::PaginationStalled`] instead of looping forever.
pub fn paginate<B, T, F, Fut>(builder: B, fetch: F) -> impl Stream<Item = Result<T, Error>>
where
    B: Clone,
    F: FnMut(B, Option<String>) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), Error>>,
{
    let state = State {
        builder,
        fetch,
        buffered: VecDeque::new(),
        cursor: Cursor::First,
    };
    futures::stream::unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.buffered.pop_front() {
                return Some((Ok(item), state));
            }
            let token = match std::mem::replace(&mut state.cursor, Cursor::End) {
                Cursor::First => None,
                Cursor::Next(token) => Some(token),
                Cursor::End => return None,
            };
            match (state.fetch)(state.builder.clone(), token.clone()).await {
                Ok((items, next)) => {
                    state.buffered = items.into();
                    match next.filter(|t| !t.is_empty()) {
                        Some(next) if Some(&next) == token.as_ref() => {
                            state.buffered.clear();
                            return Some((Err(Error::PaginationStalled), state));
                        }
                        Some(next) => state.cursor = Cursor::Next(next),
                        None => state.cursor = Cursor::End,
                    }
                }
                Err(error) => {
                    let error = if token.is_some() {
                        error.on_page_token()
                    } else {
                        error
                    };
                    return Some((Err(error), state));
                }
            }
        }
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // Tests may unwrap (house rules).
mod tests {
    use std::sync::{Arc, Mutex};

    use futures::StreamExt as _;
    use reqwest::StatusCode;

    use super::*;

    type Pages = Vec<(Vec<u32>, Option<&'static str>)>;
    type Page = futures::future::Ready<Result<(Vec<u32>, Option<String>), Error>>;
    type Seen = Arc<Mutex<Vec<Option<String>>>>;

    /// Serves `pages` in order and records the tokens it was asked for.
    fn fake(pages: Pages) -> (Seen, impl FnMut((), Option<String>) -> Page) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let mut pages = pages.into_iter();
        let fetch = move |(), token| {
            log.lock().unwrap().push(token);
            let (items, next) = pages.next().expect("asked for a page that does not exist");
            futures::future::ready(Ok((items, next.map(str::to_owned))))
        };
        (seen, fetch)
    }

    #[tokio::test]
    async fn fetches_lazily_and_skips_empty_pages() {
        let (seen, fetch) = fake(vec![
            (vec![1, 2], Some("a")),
            (vec![], Some("b")),
            (vec![3], Some("")),
        ]);
        let stream = paginate((), fetch);
        futures::pin_mut!(stream);
        assert_eq!(stream.next().await.unwrap().unwrap(), 1);
        assert_eq!(seen.lock().unwrap().len(), 1, "only the first page so far");
        assert_eq!(stream.next().await.unwrap().unwrap(), 2);
        assert_eq!(seen.lock().unwrap().len(), 1);
        assert_eq!(stream.next().await.unwrap().unwrap(), 3);
        assert!(stream.next().await.is_none());
        assert_eq!(
            *seen.lock().unwrap(),
            vec![None, Some("a".to_owned()), Some("b".to_owned())]
        );
    }

    #[tokio::test]
    async fn a_repeated_token_stops_with_an_error() {
        let (_, fetch) = fake(vec![(vec![1], Some("a")), (vec![2], Some("a"))]);
        let items: Vec<_> = paginate((), fetch).collect().await;
        assert_eq!(items.len(), 2);
        assert!(matches!(items[1], Err(Error::PaginationStalled)));
    }

    #[tokio::test]
    async fn code_300_on_a_later_page_means_the_token_expired() {
        let mut calls = 0;
        let fetch = move |(), _token: Option<String>| {
            calls += 1;
            futures::future::ready(if calls == 1 {
                Ok((vec![1], Some("t".to_owned())))
            } else {
                Err(Error::Api {
                    status: StatusCode::BAD_REQUEST,
                    code: Some(300),
                    message: Some("Validation failed.".into()),
                    tracking_id: None,
                })
            })
        };
        let items: Vec<_> = paginate((), fetch).collect().await;
        assert_eq!(items.len(), 2);
        assert!(matches!(
            items[1],
            Err(Error::PageTokenExpired {
                code: Some(300),
                ..
            })
        ));
    }
}
