//! Lines cut to a box and into dashes, for backends that do neither (plotters' own).

type Point = (f64, f64);

/// The parts of the line through `points` inside the box (x, y, width, height).
pub fn clipped(points: &[Point], (bx, by, bw, bh): (f64, f64, f64, f64)) -> Vec<Vec<Point>> {
    let mut parts: Vec<Vec<Point>> = Vec::new();
    let mut current: Vec<Point> = Vec::new();
    for pair in points.windows(2) {
        match cut(pair[0], pair[1], (bx, by, bx + bw, by + bh)) {
            Some((a, b)) => {
                if current.last() != Some(&a) {
                    if current.len() >= 2 {
                        parts.push(std::mem::take(&mut current));
                    }
                    current = vec![a];
                }
                current.push(b);
            }
            None => {
                if current.len() >= 2 {
                    parts.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() >= 2 {
        parts.push(current);
    }
    parts
}

/// The segment from `a` to `b` within the box (left, top, right, bottom), by Liang and Barsky.
fn cut(a: Point, b: Point, (left, top, right, bottom): (f64, f64, f64, f64)) -> Option<(Point, Point)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [(-dx, a.0 - left), (dx, right - a.0), (-dy, a.1 - top), (dy, bottom - a.1)] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
            continue;
        }
        let t = q / p;
        if p < 0.0 {
            t0 = t0.max(t);
        } else {
            t1 = t1.min(t);
        }
        if t0 > t1 {
            return None;
        }
    }
    let at = |t: f64| (a.0 + t * dx, a.1 + t * dy);
    Some((at(t0), at(t1)))
}

/// Most dashes one line is cut into: hundreds of times what a chart across a screen needs.
const MOST_RUNS: usize = 100_000;

/// The dashes of the line through `points`: runs of `dash` length with `gap` between, the
/// pattern carried on round corners as SVG's `stroke-dasharray` does.
pub fn dashed(points: &[Point], (dash, gap): (f64, f64)) -> Vec<Vec<Point>> {
    let period = dash + gap;
    if period <= 0.0 || dash <= 0.0 {
        return vec![points.to_vec()];
    }
    let mut runs: Vec<Vec<Point>> = Vec::new();
    let mut current: Vec<Point> = Vec::new();
    // How far into the pattern the pen is.
    let mut phase = 0.0;
    for pair in points.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let length = (b.0 - a.0).hypot(b.1 - a.1);
        // A point at infinity (a limit with no bound) would dash without end: left undrawn.
        if !length.is_finite() {
            continue;
        }
        let at = |d: f64| (a.0 + (b.0 - a.0) * d / length, a.1 + (b.1 - a.1) * d / length);
        let mut done = 0.0;
        // A line far longer than any chart (damaged bytes) is cut at a bound, never dashed without end.
        while done < length && runs.len() < MOST_RUNS {
            let drawing = phase < dash;
            let left = if drawing { dash - phase } else { period - phase };
            let step = left.min(length - done);
            if drawing {
                if current.is_empty() {
                    current.push(at(done));
                }
                current.push(at(done + step));
            }
            if done + step <= done {
                break; // so far along that a step no longer moves the pen
            }
            done += step;
            phase += step;
            if phase >= dash && drawing && current.len() >= 2 {
                runs.push(std::mem::take(&mut current));
            }
            if phase >= period {
                phase -= period;
            }
        }
    }
    if current.len() >= 2 {
        runs.push(current);
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_cut_at_the_box() {
        let parts = clipped(&[(-10.0, 5.0), (5.0, 5.0), (20.0, 5.0)], (0.0, 0.0, 10.0, 10.0));
        assert_eq!(parts, vec![vec![(0.0, 5.0), (5.0, 5.0), (10.0, 5.0)]]);
        // Leaving and coming back makes two parts; a line wholly outside none.
        let parts = clipped(&[(2.0, 2.0), (2.0, 20.0), (4.0, 2.0)], (0.0, 0.0, 10.0, 10.0));
        assert_eq!(parts.len(), 2);
        assert!(clipped(&[(20.0, 0.0), (30.0, 10.0)], (0.0, 0.0, 10.0, 10.0)).is_empty());
    }

    #[test]
    fn dashes_follow_the_pattern_round_corners() {
        let runs = dashed(&[(0.0, 0.0), (10.0, 0.0)], (6.0, 4.0));
        assert_eq!(runs, vec![vec![(0.0, 0.0), (6.0, 0.0)]]);
        // 4 along, then 4 down: the dash of 6 turns the corner.
        let runs = dashed(&[(0.0, 0.0), (4.0, 0.0), (4.0, 4.0)], (6.0, 4.0));
        assert_eq!(runs, vec![vec![(0.0, 0.0), (4.0, 0.0), (4.0, 2.0)]]);
        let total: usize = dashed(&[(0.0, 0.0), (100.0, 0.0)], (2.0, 3.0)).len();
        assert_eq!(total, 20, "a dash every 5 along 100");
        assert!(dashed(&[(0.0, 0.0), (0.0, f64::INFINITY)], (2.0, 3.0)).is_empty(), "no dashes to infinity, and no hang");
        // Far longer than any chart (damaged bytes): cut at a bound, no hang.
        assert_eq!(dashed(&[(0.0, 0.0), (1e12, 0.0)], (0.5, 0.5)).len(), MOST_RUNS);
    }
}
