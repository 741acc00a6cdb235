//! The one way the library uses a second thread: two independent pieces
//! of work side by side, with the same result as one after the other.

/// `(a(), b())`, with `b` on a scoped helper thread when `parallel`. If no
/// thread can be started, `b` runs here; a panic in `b` is passed on.
pub(crate) fn both<A, B: Send>(
    a: impl FnOnce() -> A,
    b: impl Fn() -> B + Sync,
    parallel: bool,
) -> (A, B) {
    if !parallel {
        return (a(), b());
    }
    std::thread::scope(|scope| {
        let helper = std::thread::Builder::new().spawn_scoped(scope, &b);
        let a = a();
        match helper.map(|h| h.join()) {
            Ok(Ok(b)) => (a, b),
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(_) => (a, b()),
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn both_gives_the_same_pair_either_way() {
        let data: Vec<u32> = (0..1000).collect();
        let sum = |part: &[u32]| part.iter().sum::<u32>();
        let expected = (sum(&data[..500]), sum(&data[500..]));
        for parallel in [false, true] {
            let got = super::both(|| sum(&data[..500]), || sum(&data[500..]), parallel);
            assert_eq!(got, expected);
        }
    }
}
