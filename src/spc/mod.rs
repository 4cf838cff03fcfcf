//! Statistical process control: XmR charts exactly as NHSRplotthedots 0.2.2 computes them for
//! NHS England's Making Data Count (docs/methods.md §4; PTD `R/ptd_spc_standard.R`,
//! `R/ptd_calculate_point_type.R`, `R/ptd_calculate_assurance_type.R`).

#[cfg(test)]
mod tests;

/// Which way is improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Increase,
    Decrease,
    Neutral,
}

#[derive(Debug, Clone, PartialEq)]
pub struct XmrOptions {
    /// Screen moving ranges above 3.267 × their mean before the limits (PTD's default); off
    /// replicates the Making Data Count Excel tool.
    pub screen_outliers: bool,
    /// Compute mean and limits from the first n points of each group only (n ≥ 12 in PTD).
    pub fix_after: Option<usize>,
    /// Indexes at which a new group (rebase) starts.
    pub rebase_at: Vec<usize>,
    pub direction: Direction,
    pub target: Option<f64>,
}

impl Default for XmrOptions {
    fn default() -> Self {
        XmrOptions { screen_outliers: true, fix_after: None, rebase_at: Vec::new(), direction: Direction::Increase, target: None }
    }
}

/// The special-cause rule that flags a point, in PTD's priority order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    AboveUcl,
    BelowLcl,
    TrendIncreasing,
    TrendDecreasing,
    TwoInThreeAbove,
    TwoInThreeBelow,
    SevenAbove,
    SevenBelow,
    CommonCause,
}

impl Rule {
    /// PTD's label.
    pub fn label(self) -> &'static str {
        match self {
            Rule::AboveUcl => "Above UCL",
            Rule::BelowLcl => "Below LCL",
            Rule::TrendIncreasing => "7 Point Trend (Increasing)",
            Rule::TrendDecreasing => "7 Point Trend (Decreasing)",
            Rule::TwoInThreeAbove => "2 in 3 Above CL",
            Rule::TwoInThreeBelow => "2 in 3 Below CL",
            Rule::SevenAbove => "7 Points Above CL",
            Rule::SevenBelow => "7 Points Below CL",
            Rule::CommonCause => "Common Cause",
        }
    }

    /// +1 for "above"/"increasing" rules, −1 for "below"/"decreasing", 0 for common cause.
    pub fn side(self) -> i8 {
        match self {
            Rule::AboveUcl | Rule::TrendIncreasing | Rule::TwoInThreeAbove | Rule::SevenAbove => 1,
            Rule::BelowLcl | Rule::TrendDecreasing | Rule::TwoInThreeBelow | Rule::SevenBelow => -1,
            Rule::CommonCause => 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointType {
    CommonCause,
    Improvement,
    Concern,
    NeutralHigh,
    NeutralLow,
}

impl PointType {
    pub fn as_str(self) -> &'static str {
        match self {
            PointType::CommonCause => "common_cause",
            PointType::Improvement => "special_cause_improvement",
            PointType::Concern => "special_cause_concern",
            PointType::NeutralHigh => "special_cause_neutral_high",
            PointType::NeutralLow => "special_cause_neutral_low",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assurance {
    ConsistentPass,
    ConsistentFail,
    Inconsistent,
}

impl Assurance {
    pub fn as_str(self) -> &'static str {
        match self {
            Assurance::ConsistentPass => "consistent_pass",
            Assurance::ConsistentFail => "consistent_fail",
            Assurance::Inconsistent => "inconsistent",
        }
    }
}

/// A point of a chart: its value, its segment and what it signals. Its limits are its
/// segment's ([`Xmr::group_of`]), kept once there: each of a big file's millions of points
/// held a copy (a W2-like file's 1.3 million points were 86 MB natively; now 21 MB).
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub value: f64,
    /// Its segment, an index into [`Xmr::groups`].
    pub group: u32,
    pub rule: Rule,
    pub point_type: PointType,
}

/// A segment of a chart (the points between two rebases), with the limits all its points share.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub start: usize,
    pub len: usize,
    pub mean: f64,
    pub lpl: f64,
    pub upl: f64,
    pub mean_moving_range: f64,
    /// Fewer than 13 points: the limits are trial limits.
    pub short: bool,
    /// The point type of the group's last point (the variation icon).
    pub variation: PointType,
}

/// What the rules read about one point against its segment's limits (PTD's columns of the
/// same names), worked out by [`Group::tests`] for the rules and for the reference tests alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PointTests {
    pub outside_limits: bool,
    /// −1, 0 or +1: below, on or above the mean.
    pub relative_to_mean: i8,
    /// Beyond two thirds of the way from the mean to a limit, and not outside it.
    pub close_to_limits: bool,
}

impl Group {
    /// The value `y` against this segment's mean and limits.
    pub fn tests(&self, y: f64) -> PointTests {
        let near = (2.0 / 3.0) * 2.66 * self.mean_moving_range;
        let outside_limits = y > self.upl || y < self.lpl;
        let close_to_limits = !outside_limits && (y > self.mean + near || y < self.mean - near);
        PointTests { outside_limits, relative_to_mean: sign(y - self.mean), close_to_limits }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Xmr {
    pub points: Vec<Point>,
    pub groups: Vec<Group>,
    /// Against the target, from the last group's limits (None without a target or direction).
    pub assurance: Option<Assurance>,
}

/// Mean, mean moving range (screened once, as PTD does) and limits of one group.
fn limits(values: &[f64], screen: bool) -> (f64, f64) {
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    // The moving ranges are summed where they are made (a list of them for each of a big file's
    // 134,000 series was an allocation each).
    let ranges = || values.windows(2).map(|w| (w[1] - w[0]).abs());
    let count = values.len().saturating_sub(1);
    let mut amr = if count == 0 { f64::NAN } else { ranges().sum::<f64>() / count as f64 };
    if screen && count > 0 {
        let (sum, kept) = ranges().filter(|&r| r < 3.267 * amr).fold((0.0, 0usize), |(sum, kept), r| (sum + r, kept + 1));
        if kept > 0 {
            amr = sum / kept as f64;
        }
    }
    (mean, amr)
}

/// The lists a chart's rules are worked out in, kept from one series to the next: a big file's
/// 134,000 series made seven of them each.
#[derive(Default)]
pub struct Scratch {
    rel: Vec<i8>,
    outside: Vec<bool>,
    close: Vec<bool>,
    diffs: Vec<i8>,
    trend: Vec<i8>,
    shift: Vec<i8>,
    marks: Vec<i8>,
}

/// The XmR chart of a series in time order.
pub fn xmr(values: &[f64], options: &XmrOptions) -> Xmr {
    xmr_with(values, options, &mut Scratch::default())
}

/// [`xmr`], working in `scratch` (reuse it across series).
pub fn xmr_with(values: &[f64], options: &XmrOptions, scratch: &mut Scratch) -> Xmr {
    // One segment unless rebased: no list of where segments start for each series then.
    let starts: std::borrow::Cow<[usize]> =
        if options.rebase_at.is_empty() { (&[0][..]).into() } else { segment_starts(values.len(), &options.rebase_at).into() };
    let mut points = Vec::with_capacity(values.len());
    let mut groups = Vec::with_capacity(starts.len());
    for (g, &start) in starts.iter().enumerate() {
        let end = starts.get(g + 1).copied().unwrap_or(values.len());
        groups.push(segment(&values[start..end], start, g as u32, options, scratch, &mut points));
    }
    let assurance = assurance(options.target, groups.last(), options.direction);
    Xmr { points, groups, assurance }
}

impl Xmr {
    /// The segment whose limits `point` is judged against.
    pub fn group_of(&self, point: &Point) -> &Group {
        &self.groups[point.group as usize]
    }
}

/// Where each segment starts: 0, then every valid rebase point, in order.
fn segment_starts(n: usize, rebase_at: &[usize]) -> Vec<usize> {
    let mut starts: Vec<usize> = std::iter::once(0).chain(rebase_at.iter().copied().filter(|&i| i > 0 && i < n)).collect();
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// One segment, its limits computed from its own values (or its first `fix_after`), with its
/// points appended to `out`.
fn segment(ys: &[f64], start: usize, group: u32, options: &XmrOptions, scratch: &mut Scratch, out: &mut Vec<Point>) -> Group {
    let window = options.fix_after.map_or(ys.len(), |k| k.min(ys.len()));
    let (mean, amr) = limits(&ys[..window], options.screen_outliers);
    let mut segment = Group {
        start,
        len: ys.len(),
        mean,
        lpl: mean - 2.66 * amr,
        upl: mean + 2.66 * amr,
        mean_moving_range: amr,
        short: ys.len() < 13,
        variation: PointType::CommonCause,
    };
    let Scratch { rel, outside, close, diffs, trend, shift, marks } = scratch;
    rel.clear();
    outside.clear();
    close.clear();
    for tests in ys.iter().map(|&y| segment.tests(y)) {
        rel.push(tests.relative_to_mean);
        outside.push(tests.outside_limits);
        close.push(tests.close_to_limits);
    }
    // Rule 2: a 7-point trend is 6 same-signed, non-zero differences in a row.
    refill(diffs, ys.windows(2).map(|w| sign(w[1] - w[0])));
    refill(trend, std::iter::repeat_n(0, ys.len()));
    for (from, to, s) in runs(diffs, 6) {
        trend[from..=to + 1].fill(s);
    }
    two_in_three(rel, close, marks);
    let two_in_three = &*marks;
    // Rule 4: a shift of 7 points on one side of the mean.
    refill(shift, std::iter::repeat_n(0, ys.len()));
    for (from, to, s) in runs(rel, 7) {
        shift[from..=to].fill(s);
    }
    out.extend((0..ys.len()).map(|k| {
        let rule = rule_at(outside[k], rel[k], trend[k], two_in_three[k], shift[k]);
        Point { value: ys[k], group, rule, point_type: point_type(rule, options.direction) }
    }));
    segment.variation = out.last().filter(|_| !ys.is_empty()).map_or(PointType::CommonCause, |p| p.point_type);
    segment
}

fn sign(x: f64) -> i8 {
    if x > 0.0 {
        1
    } else if x < 0.0 {
        -1
    } else {
        0
    }
}

/// Maximal runs of one non-zero sign at least `min_len` long, as (first index, last index, sign).
fn runs(signs: &[i8], min_len: usize) -> Vec<(usize, usize, i8)> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < signs.len() {
        let mut j = i;
        while j + 1 < signs.len() && signs[j + 1] == signs[i] {
            j += 1;
        }
        if signs[i] != 0 && j + 1 - i >= min_len {
            found.push((i, j, signs[i]));
        }
        i = j + 1;
    }
    found
}

/// Rule 3: two of three close to a limit, all three on one side of the mean; marks the close ones.
fn two_in_three(rel: &[i8], close: &[bool], marks: &mut Vec<i8>) {
    refill(marks, std::iter::repeat_n(0, rel.len()));
    for w in 0..rel.len().saturating_sub(2) {
        let side: i32 = rel[w..w + 3].iter().map(|&r| r as i32).sum();
        if side.abs() == 3 && close[w..w + 3].iter().filter(|&&c| c).count() >= 2 {
            for k in (w..w + 3).filter(|&k| close[k]) {
                marks[k] = rel[k];
            }
        }
    }
}

/// A scratch list emptied and filled again.
fn refill<T>(list: &mut Vec<T>, items: impl Iterator<Item = T>) {
    list.clear();
    list.extend(items);
}

/// The rule a point triggers, by precedence: outside the limits, trend, two in three, shift.
fn rule_at(outside: bool, rel: i8, trend: i8, two_in_three: i8, shift: i8) -> Rule {
    let by_side = |s: i8, up: Rule, down: Rule| if s > 0 { up } else { down };
    if outside {
        by_side(rel, Rule::AboveUcl, Rule::BelowLcl)
    } else if trend != 0 {
        by_side(trend, Rule::TrendIncreasing, Rule::TrendDecreasing)
    } else if two_in_three != 0 {
        by_side(two_in_three, Rule::TwoInThreeAbove, Rule::TwoInThreeBelow)
    } else if shift != 0 {
        by_side(shift, Rule::SevenAbove, Rule::SevenBelow)
    } else {
        Rule::CommonCause
    }
}

fn point_type(rule: Rule, direction: Direction) -> PointType {
    match (rule.side(), direction) {
        (0, _) => PointType::CommonCause,
        (1, Direction::Increase) | (-1, Direction::Decrease) => PointType::Improvement,
        (_, Direction::Increase) | (_, Direction::Decrease) => PointType::Concern,
        (1, Direction::Neutral) => PointType::NeutralHigh,
        (_, Direction::Neutral) => PointType::NeutralLow,
    }
}

/// Whether the target is consistently met, judged against the latest segment's limits.
fn assurance(target: Option<f64>, latest: Option<&Group>, direction: Direction) -> Option<Assurance> {
    let (t, g) = (target?, latest?);
    let (above, below) = match direction {
        Direction::Increase => (Assurance::ConsistentFail, Assurance::ConsistentPass),
        Direction::Decrease => (Assurance::ConsistentPass, Assurance::ConsistentFail),
        Direction::Neutral => return None,
    };
    Some(if t > g.upl {
        above
    } else if t < g.lpl {
        below
    } else {
        Assurance::Inconsistent
    })
}
