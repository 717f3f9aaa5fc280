//! Where the time of a build or of a rebuild in `ocop serve` went: one type for both, so
//! `ocop build --timings`, the server's log and the benchmarks measure stages the same way.
//!
//! Each stage records its wall-clock time, the processor time the process used meanwhile
//! (all threads: on a busy machine the wall clock says more about the other programs than
//! about ocop), and the memory held when it ended, where the system tells.

use std::time::{Duration, Instant};

/// How long each stage took, in the order they ran.
#[derive(Debug, Clone)]
pub struct Timings {
    stages: Vec<Stage>,
    started: Instant,
    /// When the last stage ended.
    last: Instant,
    /// Processor time of the process when counting started, and when the last stage ended.
    cpu_started: Option<Duration>,
    cpu: Option<Duration>,
}

#[derive(Debug, Clone)]
struct Stage {
    name: &'static str,
    took: Duration,
    cpu: Option<Duration>,
    held: Option<u64>,
}

impl Default for Timings {
    fn default() -> Timings {
        Timings::start()
    }
}

impl Timings {
    /// Starts counting wall-clock and processor time now.
    pub(crate) fn start() -> Timings {
        let now = Instant::now();
        let cpu = process_cpu_time();
        Timings {
            stages: Vec::new(),
            started: now,
            last: now,
            cpu_started: cpu,
            cpu,
        }
    }

    /// Records that `stage` ran from `since` until now, and returns now for the next stage.
    pub(crate) fn mark(&mut self, stage: &'static str, since: Instant) -> Instant {
        let now = Instant::now();
        let cpu = process_cpu_time();
        let used = match (cpu, self.cpu) {
            (Some(c), Some(before)) => Some(c.saturating_sub(before)),
            _ => None,
        };
        self.cpu = cpu;
        self.last = now;
        self.stages.push(Stage {
            name: stage,
            took: now - since,
            cpu: used,
            held: resident_bytes(),
        });
        now
    }

    /// Records that `stage` ran from the end of the last stage (or the start) until now.
    pub(crate) fn lap(&mut self, stage: &'static str) {
        self.mark(stage, self.last);
    }

    /// Records the time of a stage that ran beside others.
    pub(crate) fn add(&mut self, stage: &'static str, took: Duration) {
        self.stages.push(Stage {
            name: stage,
            took,
            cpu: None,
            held: None,
        });
    }

    /// The time of every stage called `stage`, together.
    pub fn took(&self, stage: &str) -> Duration {
        self.stages
            .iter()
            .filter(|s| s.name == stage)
            .map(|s| s.took)
            .sum()
    }

    /// From the start to the end of the last stage.
    pub(crate) fn total(&self) -> Duration {
        self.last - self.started
    }

    /// Processor time used from the start to the end of the last stage (zero where the
    /// system does not tell).
    pub(crate) fn cpu_total(&self) -> Duration {
        match (self.cpu, self.cpu_started) {
            (Some(c), Some(s)) => c.saturating_sub(s),
            _ => Duration::ZERO,
        }
    }
}

impl std::fmt::Display for Timings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for s in &self.stages {
            write!(f, "  {:<10} {:>8.3} s", s.name, s.took.as_secs_f64())?;
            match s.cpu {
                Some(c) => write!(f, "   {:>7.3} s cpu", c.as_secs_f64())?,
                None if s.held.is_some() => write!(f, "   {:>11}", "")?,
                None => {}
            }
            if let Some(b) = s.held {
                write!(f, "   {:>6} MB held", b / 1_000_000)?;
            }
            writeln!(f)?;
        }
        if let Some(peak) = peak_resident_bytes() {
            writeln!(f, "  peak memory {} MB", peak / 1_000_000)?;
        }
        Ok(())
    }
}

/// Processor time of every thread of the process so far, ended threads included; `None`
/// where the system has no such clock.
pub(crate) fn process_cpu_time() -> Option<Duration> {
    #[cfg(unix)]
    {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: clock_gettime only writes the timespec it is given, which lives on our stack.
        let ok = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) } == 0;
        ok.then(|| {
            Duration::new(
                u64::try_from(ts.tv_sec).unwrap_or(0),
                u32::try_from(ts.tv_nsec.clamp(0, 999_999_999)).unwrap_or(0),
            )
        })
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// A field of /proc/self/status in bytes (Linux; `None` elsewhere).
fn proc_status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line[field.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

fn resident_bytes() -> Option<u64> {
    proc_status_bytes("VmRSS:")
}

fn peak_resident_bytes() -> Option<u64> {
    proc_status_bytes("VmHWM:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laps_add_up_and_stages_of_one_name_are_summed() {
        let mut t = Timings::start();
        std::thread::sleep(Duration::from_millis(2));
        t.lap("resolve");
        t.lap("images");
        std::thread::sleep(Duration::from_millis(2));
        t.lap("resolve");
        assert!(t.took("resolve") >= Duration::from_millis(4));
        assert!(t.total() >= t.took("resolve") + t.took("images"));
        assert_eq!(t.took("never"), Duration::ZERO);
    }

    #[cfg(unix)]
    #[test]
    fn the_processor_clock_counts_work() {
        let before = process_cpu_time().expect("a processor clock on Unix");
        let mut x = 0u64;
        for i in 0..20_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        std::hint::black_box(x);
        assert!(process_cpu_time().unwrap() > before);
    }
}
