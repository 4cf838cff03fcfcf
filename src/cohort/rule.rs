//! Who is in the cohort on a given day, and the counts per organisation: a person is in it with
//! at least `min_events` events in the `window_days` days ending that day (inclusive); a person,
//! with all their events in the window, counts under the organisation of their latest event in
//! it (people move practice).

use super::events::Events;

/// Each person's events in time order (by day, then time of day, then file order), as index
/// ranges into `order`.
pub struct ByPerson {
    order: Vec<u32>,
    starts: Vec<u32>,
}

impl ByPerson {
    pub fn of(events: &Events) -> ByPerson {
        let mut order: Vec<u32> = (0..events.day.len() as u32).collect();
        // The event's index in the key makes every key distinct, so an unstable sort is exact.
        order.sort_unstable_by_key(|&e| (events.person[e as usize], events.day[e as usize], events.minute[e as usize], e));
        let mut starts = Vec::with_capacity(events.people + 1);
        for (at, &e) in order.iter().enumerate() {
            let p = events.person[e as usize] as usize;
            while starts.len() <= p {
                starts.push(at as u32);
            }
        }
        while starts.len() <= events.people {
            starts.push(order.len() as u32);
        }
        ByPerson { order, starts }
    }

    fn events_of(&self, person: usize) -> &[u32] {
        &self.order[self.starts[person] as usize..self.starts[person + 1] as usize]
    }
}

/// Counts per organisation (by index) on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    /// People in the cohort.
    pub cohort_people: Vec<u64>,
    /// People with any event in the window.
    pub people: Vec<u64>,
    /// Events in the window by people in the cohort.
    pub cohort_events: Vec<u64>,
    /// Every event in the window.
    pub events: Vec<u64>,
}

/// The cohort on `day` (the window's last day) under the rule.
pub fn counts_on(events: &Events, by_person: &ByPerson, day: i64, window_days: u32, min_events: usize) -> Counts {
    let n = events.orgs.len();
    let mut c = Counts { cohort_people: vec![0; n], people: vec![0; n], cohort_events: vec![0; n], events: vec![0; n] };
    let from = day - i64::from(window_days) + 1;
    for person in 0..events.people {
        let mine = by_person.events_of(person);
        let lo = mine.partition_point(|&e| events.day[e as usize] < from);
        let hi = mine.partition_point(|&e| events.day[e as usize] <= day);
        if hi <= lo {
            continue;
        }
        let org = events.org[mine[hi - 1] as usize] as usize;
        let in_window = (hi - lo) as u64;
        c.people[org] += 1;
        c.events[org] += in_window;
        if hi - lo >= min_events {
            c.cohort_people[org] += 1;
            c.cohort_events[org] += in_window;
        }
    }
    c
}

/// The days a monthly series is evaluated on: every month's last day from the first whose
/// window lies wholly inside the file, up to `as_of` (not included), then `as_of`.
pub fn series_days(first_event: i64, as_of: i64, window_days: u32) -> Vec<i64> {
    use crate::dataset::period::{day_number, from_day_number};
    let earliest = first_event + i64::from(window_days) - 1;
    let mut days = Vec::new();
    let (mut y, mut m, _) = from_day_number(earliest);
    loop {
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        let month_end = day_number((ny, nm, 1)) - 1;
        if month_end >= as_of {
            break;
        }
        if month_end >= earliest {
            days.push(month_end);
        }
        (y, m) = (ny, nm);
    }
    days.push(as_of);
    days
}
