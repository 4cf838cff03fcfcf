//! The nearest organisations of a subset that meet a condition (each organisation's peers; the
//! teachers beyond a learner's peers), found through a k-d tree: a search looks only at the
//! boxes a nearer organisation could still be in. Measured nationally (6,378 practices): 125
//! organisations looked at per search for teachers instead of 955 walking along the first
//! coordinate, and the peers found in 20 ms instead of 96.

use super::{within_bound, Space};

/// At most this many organisations in a box that is not split further.
const LEAF: usize = 8;

/// Some organisations (complete ones only) laid out as an implicit k-d tree: the box
/// `order[lo..hi]` splits at its middle, `mid = (lo + hi) / 2`, on coordinate `depth % dims`;
/// those before `mid` lie at or below `order[mid]` on it and those after at or above.
#[derive(Debug, Clone, Default)]
pub struct Subset {
    order: Vec<usize>,
    /// The organisations' points in the tree's order (`dims` from `place * dims`): a search
    /// reads the boxes it looks in from one stretch of memory instead of one jump each.
    points: Vec<f64>,
    /// Each box's least and greatest of each coordinate (`dims` entries from `key * dims`, see
    /// [`box_key`]): the smallest box its organisations lie in.
    boxes: Vec<(f64, f64)>,
}

/// Where box `lo..hi` (not empty) keeps its extent: its split's place, or a leaf's first
/// place (never a split's), so that each box has its own.
fn box_key(lo: usize, hi: usize) -> usize {
    if hi - lo <= LEAF {
        lo
    } else {
        (lo + hi) / 2
    }
}

impl Space {
    /// Some organisations (complete ones only), laid out for [`Space::nearest_in`].
    pub fn subset(&self, orgs: impl IntoIterator<Item = usize>) -> Subset {
        let mut order: Vec<usize> = orgs.into_iter().filter(|&o| self.complete.get(o) == Some(&true)).collect();
        if self.dims > 0 {
            let len = order.len();
            self.split(&mut order, 0, len, 0);
        }
        let mut boxes = vec![(f64::INFINITY, f64::NEG_INFINITY); order.len() * self.dims];
        if self.dims > 0 && !order.is_empty() {
            self.measure_boxes(&order, 0, order.len(), &mut boxes);
        }
        let points = order.iter().flat_map(|&o| self.point(o)).copied().collect();
        Subset { order, points, boxes }
    }

    /// Fills the extent of box `lo..hi` (not empty) and of every box within it; returns its key.
    fn measure_boxes(&self, order: &[usize], lo: usize, hi: usize, boxes: &mut [(f64, f64)]) -> usize {
        let (key, dims) = (box_key(lo, hi), self.dims);
        let widen = |boxes: &mut [(f64, f64)], o: usize| {
            for (d, b) in boxes[key * dims..(key + 1) * dims].iter_mut().enumerate() {
                let x = self.coordinate(o, d);
                *b = (b.0.min(x), b.1.max(x));
            }
        };
        if hi - lo <= LEAF {
            order[lo..hi].iter().for_each(|&o| widen(boxes, o));
            return key;
        }
        widen(boxes, order[key]);
        for (from, to) in [(lo, key), (key + 1, hi)].into_iter().filter(|(from, to)| from < to) {
            let inner = self.measure_boxes(order, from, to, boxes);
            for d in 0..dims {
                let (low, high) = boxes[inner * dims + d];
                let b = &mut boxes[key * dims + d];
                *b = (b.0.min(low), b.1.max(high));
            }
        }
        key
    }

    fn coordinate(&self, org: usize, depth: usize) -> f64 {
        self.points[org * self.dims + depth % self.dims]
    }

    fn point(&self, org: usize) -> &[f64] {
        &self.points[org * self.dims..(org + 1) * self.dims]
    }

    fn split(&self, order: &mut [usize], lo: usize, hi: usize, depth: usize) {
        if hi - lo <= LEAF {
            return;
        }
        let mid = (lo + hi) / 2;
        order[lo..hi].select_nth_unstable_by(mid - lo, |&x, &y| self.coordinate(x, depth).total_cmp(&self.coordinate(y, depth)).then(x.cmp(&y)));
        self.split(order, lo, mid, depth + 1);
        self.split(order, mid + 1, hi, depth + 1);
    }

    /// Organisations of `subset` comparable with `a` and `wanted`, nearest first as
    /// (distance, organisation), at least the `reach` nearest where there are that many, with any
    /// tied with the last of them: the same as measuring every one and keeping the nearest
    /// (tested), looking only where a nearer one could be.
    pub fn nearest_in(&self, subset: &Subset, a: usize, reach: usize, wanted: impl Fn(usize) -> bool) -> Vec<(f64, usize)> {
        if self.dims == 0 || reach == 0 || self.complete.get(a) != Some(&true) {
            return Vec::new();
        }
        let mut query = Query { space: self, subset, a, at: self.point(a), reach, wanted: &wanted, found: Vec::new() };
        query.search(0, subset.order.len(), 0);
        let bound = query.bound();
        let scale = self.scale;
        query.found.into_iter().take_while(|f| f.0 <= bound).map(|(raw, b)| (if scale > 0.0 { raw / scale } else { 0.0 }, b)).collect()
    }
}

impl Space {
    /// How `b` ranks among everyone comparable with `a` by similarity (1 = the most similar),
    /// as [`Space::similarity_rank`] counts it (tested), looking only within `b`'s distance of
    /// `a` among `everyone` (a subset of every organisation): measuring all 6,000 for each of a
    /// national run's teachers found beyond the peers was a twentieth of its wasm time.
    pub fn similarity_rank_in(&self, everyone: &Subset, a: usize, b: usize) -> usize {
        if self.groups.is_none() {
            return self.rank_by_boxes(everyone, a, b).0;
        }
        // A group is not a box: measure each one near enough, a little beyond the raw bound.
        let Some(d) = self.distance(a, b) else { return 1 };
        let bound = d * self.scale * (1.0 + 1e-9) + 1e-12;
        let mut nearer = 0;
        self.within(everyone, a, bound, |c| nearer += usize::from(c != a && c != b && self.distance(a, c).is_some_and(|x| x < d)));
        1 + nearer
    }

    /// [`Space::similarity_rank_in`] without groups, and how many it counted in whole boxes
    /// without measuring them: a box whose farthest corner is surely nearer than `b` counts
    /// whole (`b`, at distance d, is in none), so `a` itself is counted too, then taken off:
    /// `everyone` must hold every complete organisation (as `Space::subset(0..n)` does).
    /// Counting one by one was 8 % of a national pairing (profiled).
    pub(super) fn rank_by_boxes(&self, everyone: &Subset, a: usize, b: usize) -> (usize, usize) {
        let Some(d) = self.distance(a, b) else { return (1, 0) };
        let bounds = (d * self.scale * (1.0 + 1e-9) + 1e-12, d * self.scale * (1.0 - 1e-9) - 1e-12);
        let sure = if bounds.1 > 0.0 { bounds.1 * bounds.1 } else { f64::NEG_INFINITY };
        let mut count = Count { point: self.point(a), b, d, scale: self.scale, sure, beyond: bounds.0 * bounds.0, whole: 0, each: 0 };
        self.count_nearer(everyone, (0, everyone.order.len()), &mut count);
        (1 + count.each + count.whole - usize::from(d > 0.0), count.whole)
    }

    /// Counts into `count` the organisations of box `lo..hi` nearer than its `b`, passing a box
    /// whose nearest side is surely beyond and taking one whose farthest corner is surely
    /// within whole: by the same squared margins as each one is measured, so the two agree.
    fn count_nearer(&self, subset: &Subset, (lo, hi): (usize, usize), count: &mut Count<'_>) {
        if lo == hi {
            return;
        }
        if self.nearest_in_box_squared(subset, count.point, lo, hi) > count.beyond {
            return;
        }
        let (key, dims) = (box_key(lo, hi), self.dims);
        let farthest: f64 =
            count.point.iter().zip(&subset.boxes[key * dims..(key + 1) * dims]).map(|(&x, &(low, high))| larger(x - low, high - x).powi(2)).sum();
        if farthest < count.sure {
            count.whole += hi - lo;
            return;
        }
        if hi - lo <= LEAF {
            count.each += (lo..hi).filter(|&i| count.nearer(subset, dims, i)).count();
            return;
        }
        count.each += usize::from(count.nearer(subset, dims, key));
        self.count_nearer(subset, (lo, key), count);
        self.count_nearer(subset, (key + 1, hi), count);
    }

    /// The raw distance from `point` to the nearest corner or side of box `lo..hi` (not empty).
    fn nearest_in_box(&self, subset: &Subset, point: &[f64], lo: usize, hi: usize) -> f64 {
        self.nearest_in_box_squared(subset, point, lo, hi).sqrt()
    }

    /// [`Space::nearest_in_box`] squared.
    fn nearest_in_box_squared(&self, subset: &Subset, point: &[f64], lo: usize, hi: usize) -> f64 {
        let key = box_key(lo, hi);
        point.iter().zip(&subset.boxes[key * self.dims..(key + 1) * self.dims]).map(|(&x, &(low, high))| larger(larger(low - x, x - high), 0.0).powi(2)).sum()
    }

    /// Calls `found` for each organisation of `subset` within raw distance `bound` of `a`.
    fn within(&self, subset: &Subset, a: usize, bound: f64, mut found: impl FnMut(usize)) {
        let dims = self.dims;
        let mut take = |i: usize| {
            if within_bound(self.point(a), subset.point(i, dims), bound).is_some() {
                found(subset.order[i]);
            }
        };
        // Boxes still to look in: (lo, hi, depth).
        let mut boxes = vec![(0, subset.order.len(), 0)];
        while let Some((lo, hi, depth)) = boxes.pop() {
            if hi - lo <= LEAF {
                (lo..hi).for_each(&mut take);
                continue;
            }
            let mid = (lo + hi) / 2;
            take(mid);
            // Those before the split lie at least `gap` from `a`, those after at least `-gap`.
            let gap = self.coordinate(a, depth) - subset.point(mid, dims)[depth % dims];
            if gap <= bound {
                boxes.push((lo, mid, depth + 1));
            }
            if -gap <= bound {
                boxes.push((mid + 1, hi, depth + 1));
            }
        }
    }
}

impl Subset {
    /// The point at place `i` of the tree.
    fn point(&self, i: usize, dims: usize) -> &[f64] {
        &self.points[i * dims..(i + 1) * dims]
    }
}

/// One similarity rank being counted: organisations nearer to `point` than `b` (at distance `d`
/// on the peers' scale) found so far, `whole` in boxes counted whole, `each` one by one.
struct Count<'a> {
    point: &'a [f64],
    b: usize,
    d: f64,
    scale: f64,
    /// Squared raw distances surely nearer than `d` (below `sure`) and surely not (above
    /// `beyond`), with the margins the boxes are counted by: only those between are rescaled.
    sure: f64,
    beyond: f64,
    whole: usize,
    each: usize,
}

impl Count<'_> {
    /// Whether the organisation at place `i` of `subset` is nearer than `b`, as
    /// [`Space::distance`] measures (everyone here is comparable), without its checks.
    #[inline]
    fn nearer(&self, subset: &Subset, dims: usize, i: usize) -> bool {
        let squared: f64 = self.point.iter().zip(subset.point(i, dims)).map(|(x, y)| (x - y) * (x - y)).sum();
        if squared < self.sure || squared > self.beyond {
            return squared < self.sure;
        }
        subset.order[i] != self.b && (if self.scale > 0.0 { squared.sqrt() / self.scale } else { 0.0 }) < self.d
    }
}

/// One search for the nearest; `wanted` is called only for those near enough, so a call
/// through a pointer costs nothing measurable and keeps one copy of the search in the page.
struct Query<'a> {
    space: &'a Space,
    subset: &'a Subset,
    a: usize,
    /// `a`'s point.
    at: &'a [f64],
    reach: usize,
    wanted: &'a dyn Fn(usize) -> bool,
    /// Raw distances of those found within the bound so far, kept sorted.
    found: Vec<(f64, usize)>,
}

impl Query<'_> {
    /// The `reach`-th distance found, widened a little so that a distance equal to it but for
    /// rounding is still taken; unbounded until `reach` are found.
    fn bound(&self) -> f64 {
        self.found.get(self.reach - 1).map_or(f64::INFINITY, |f| f.0 * (1.0 + 1e-9) + 1e-12)
    }

    fn search(&mut self, lo: usize, hi: usize, depth: usize) {
        if lo == hi {
            return;
        }
        if hi - lo <= LEAF {
            // A leaf wholly beyond the bound (its extent is known) holds no one to keep.
            if self.found.len() >= self.reach && self.space.nearest_in_box(self.subset, self.at, lo, hi) > self.bound() {
                return;
            }
            for i in lo..hi {
                self.consider(i);
            }
            return;
        }
        let mid = (lo + hi) / 2;
        let dims = self.space.dims;
        let gap = self.at[depth % dims] - self.subset.point(mid, dims)[depth % dims];
        let (near, far) = if gap < 0.0 { ((lo, mid), (mid + 1, hi)) } else { ((mid + 1, hi), (lo, mid)) };
        // The near side first, then the split: those found first are near, so the bound
        // tightens at once and fewer are asked whether they are `wanted`.
        self.search(near.0, near.1, depth + 1);
        // The split is at least `gap` away: squared as `within_bound` squares, so that it is
        // passed over exactly when measuring it would have.
        let bound = self.bound();
        if gap * gap <= bound * bound {
            self.consider(mid);
        }
        // Everything across the split is at least `gap` away, and as far as its box.
        if gap.abs() <= self.bound() && (far.0 == far.1 || self.space.nearest_in_box(self.subset, self.at, far.0, far.1) <= self.bound()) {
            self.search(far.0, far.1, depth + 1);
        }
    }

    /// Considers the organisation at place `i` of the tree.
    fn consider(&mut self, i: usize) {
        // Near enough first: whether it is comparable (its group) and `wanted` (can it teach?)
        // read far more memory than a distance.
        let bound = self.bound();
        let Some(raw) = within_bound(self.at, self.subset.point(i, self.space.dims), bound) else { return };
        let b = self.subset.order[i];
        if b == self.a || !self.space.comparable(self.a, b) || !(self.wanted)(b) {
            return;
        }
        let at = self.found.partition_point(|f| f.0 <= raw);
        self.found.insert(at, (raw, b));
        // Those now beyond the bound can never be kept.
        let bound = self.bound();
        while self.found.last().is_some_and(|f| f.0 > bound) {
            self.found.pop();
        }
    }
}

/// The larger of two numbers, as a comparison: `f64::max` also decides for NaN, which in wasm
/// makes it a call to `fmax` (27 ms of a national run with peers and pairs, profiled, nearly all
/// from the box distances above). For the same NaN-free numbers the two agree, and where a
/// coordinate is NaN both leave a box's distance NaN or zero alike.
fn larger(a: f64, b: f64) -> f64 {
    if a > b {
        a
    } else {
        b
    }
}
