//! CPU time, for comparing with peers that run in other processes.
//!
//! Wall-clock times on a shared 2-core machine mostly measure the other
//! load; CPU time measures the work. Ours is the CPU time of this process
//! (`CLOCK_PROCESS_CPUTIME_ID`, nanoseconds, every thread); a peer's is the
//! user + system time of its process as `getrusage(RUSAGE_CHILDREN)` reports
//! it once the child has been waited for (microseconds), taken as the
//! difference around one child's run.
//!
//! With `heap.rs`, the only `unsafe` of the benchmarks: two calls into the C
//! library, each writing only into a zeroed struct we own.

use std::time::Duration;

/// CPU time used so far by this process, all threads.
pub fn process() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `clock_gettime` writes one `timespec` through the pointer,
    // which points to a live, writable local.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
    if status != 0 {
        return Duration::ZERO;
    }
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// User + system CPU time of every child process waited for so far.
pub fn children() -> Duration {
    // SAFETY: `rusage` is plain old data; all-zero bytes are a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `getrusage` writes one `rusage` through the pointer, which
    // points to a live, writable local.
    let status = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    if status != 0 {
        return Duration::ZERO;
    }
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// CPU time of `f` in this process, with its result (dropped by the caller,
/// outside the measurement).
pub fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = process();
    let result = f();
    (process().saturating_sub(start), result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_work_takes_cpu_time() {
        let (spent, sum) = time(|| (0..20_000_000u64).map(|i| i ^ (i >> 3)).sum::<u64>());
        assert!(sum > 0);
        assert!(spent > Duration::ZERO);
    }
}
