//! A realistic synthetic A&E extract for the cohort analysis (seeded, so every run is the same):
//! one row per attendance with a pseudonymised person, the arrival date and time, and the
//! registered practice; and the practices' list sizes. People's attendance counts are skewed as
//! the British Red Cross reports for England (fewer than 1 % of people make about 16 % of
//! attendances), spread over two years, and one person in ten moves practice part way through.
//!
//!   cargo run --release --example cohort_extract -- <people> <out-dir>
//!
//! writes `<out-dir>/attendances.csv` and `<out-dir>/list_sizes.csv`.

/// A small deterministic generator (the same numbers on every platform).
pub struct Lcg(pub u64);

impl Lcg {
    pub fn draw(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    /// Uniform in 0..n.
    pub fn below(&mut self, n: u64) -> u64 {
        self.draw() % n.max(1)
    }
}

/// The first day of the extract (2024-04-01) as a day count, and its length in days.
pub const FIRST_DAY: (i64, i64, i64) = (2024, 4, 1);
pub const DAYS: i64 = 730;

/// One attendance: (person, day offset from the first day, minutes past midnight, practice).
pub type Attendance = (u32, i64, u32, usize);

/// The extract for `people` people over `practices` practices: the attendances in no order,
/// and each practice's (code, list size).
pub fn generate(seed: u64, people: u32, practices: usize) -> (Vec<Attendance>, Vec<(String, u32)>) {
    let mut rng = Lcg(seed);
    let lists: Vec<(String, u32)> = (0..practices).map(|p| (format!("P{:05}", 81000 + p), 3_000 + rng.below(12_000) as u32)).collect();
    let total: u64 = lists.iter().map(|l| u64::from(l.1)).sum();
    let practice_of = |r: u64| {
        let mut left = r % total;
        lists.iter().position(|l| {
            if left < u64::from(l.1) {
                true
            } else {
                left -= u64::from(l.1);
                false
            }
        })
    };
    let mut rows = Vec::new();
    for person in 0..people {
        let draw = rng.below(1000);
        let visits = match draw {
            0..=699 => 1,
            700..=899 => 2,
            900..=992 => 3 + rng.below(2),
            _ => 20 + rng.below(41),
        };
        let home = practice_of(rng.draw()).unwrap_or(0);
        // One in ten moves to another practice on a day of the two years.
        let moved = (rng.below(10) == 0).then(|| (rng.below(DAYS as u64) as i64, practice_of(rng.draw()).unwrap_or(0)));
        for _ in 0..visits {
            let day = rng.below(DAYS as u64) as i64;
            let minute = rng.below(24 * 60) as u32;
            let practice = match moved {
                Some((on, to)) if day >= on => to,
                _ => home,
            };
            rows.push((person, day, minute, practice));
        }
    }
    (rows, lists)
}

/// The extract as the two CSV files: attendances (in a shuffled order) and list sizes.
pub fn csv(rows: &[Attendance], lists: &[(String, u32)]) -> (String, String) {
    use allteach::dataset::period::{day_number, from_day_number};
    let start = day_number(FIRST_DAY);
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let mut rng = Lcg(7);
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let mut records = String::with_capacity(rows.len() * 48);
    records.push_str("Pseudo ID,Arrival date,Practice code\n");
    for &i in &order {
        let (person, day, minute, practice) = rows[i];
        let (y, m, d) = from_day_number(start + day);
        records.push_str(&format!("X{person:07},{y:04}-{m:02}-{d:02} {:02}:{:02},{}\n", minute / 60, minute % 60, lists[practice].0));
    }
    let mut sizes = String::from("Practice code,List size\n");
    for (code, size) in lists {
        sizes.push_str(&format!("{code},{size}\n"));
    }
    (records, sizes)
}

#[allow(dead_code)]
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let people: u32 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let dir = std::path::PathBuf::from(args.get(2).cloned().unwrap_or_else(|| ".".into()));
    let (rows, lists) = generate(2026, people, (people as usize / 2_000).clamp(10, 200));
    let (records, sizes) = csv(&rows, &lists);
    std::fs::write(dir.join("attendances.csv"), records).expect("written");
    std::fs::write(dir.join("list_sizes.csv"), sizes).expect("written");
    eprintln!("{} attendances by {people} people at {} practices", rows.len(), lists.len());
}
