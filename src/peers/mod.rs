//! Statistical neighbours: the pattern shared by CIPFA's nearest neighbours, NHS "Similar 10"
//! and NHS England's adult social care peer groups. Context variables the organisation cannot
//! control are optionally square-rooted, capped at mean ± 5 SD, z-scored, weighted, and compared
//! by Euclidean distance; each organisation's k nearest are its peers. Or a grouping column
//! (PCN, ICB, region) makes everyone in the group a peer, or the k nearest within the group.

mod nearest;
#[cfg(test)]
mod tests;

pub use nearest::Subset;

/// One context variable as used.
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    pub name: String,
    pub weight: f64,
    pub sqrt: bool,
}

/// A peer of an organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Peer {
    pub org: usize,
    /// Weighted Euclidean distance rebased to 0–1 (1 = the most different pair in the data);
    /// `None` for peers by group only.
    pub distance: Option<f64>,
    /// Variables by how much they add to the distance, smallest first (indexes into variables).
    pub drivers: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PeerSet {
    pub variables: Vec<Variable>,
    pub k: Option<usize>,
    pub within: Option<String>,
    /// For each organisation (in the order given), its peers, nearest first.
    pub peers: Vec<Vec<Peer>>,
    /// Organisations with a missing context value, which therefore have no neighbours.
    pub incomplete: Vec<usize>,
    /// Where every organisation sits, for distances beyond the k nearest (teachers found
    /// further out when no peer can teach).
    pub space: Space,
}

/// The organisations' weighted, standardised context and groups: distances between any two.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Space {
    /// Row-major coordinates with √weight folded in (`dims` per organisation).
    points: Vec<f64>,
    dims: usize,
    complete: Vec<bool>,
    groups: Option<Vec<Option<String>>>,
    /// The largest distance among the k nearest: distances are rebased by it (peers 0–1).
    scale: f64,
}

impl Space {
    /// Whether `b` could be `a`'s peer at all: same group (when there are groups) and, with
    /// context, both complete.
    pub fn comparable(&self, a: usize, b: usize) -> bool {
        let grouped = match &self.groups {
            Some(g) => g.get(a).is_some_and(|x| x.is_some()) && g.get(a) == g.get(b),
            None => true,
        };
        grouped && (self.dims == 0 || (self.complete.get(a) == Some(&true) && self.complete.get(b) == Some(&true)))
    }

    /// Distance on the peers' scale (1 = the farthest pair among everyone's k nearest, so a
    /// teacher found further out can be over 1); `None` without context.
    pub fn distance(&self, a: usize, b: usize) -> Option<f64> {
        if self.dims == 0 || !self.comparable(a, b) {
            return None;
        }
        let (pa, pb) = (&self.points[a * self.dims..(a + 1) * self.dims], &self.points[b * self.dims..(b + 1) * self.dims]);
        let d = pa.iter().zip(pb).map(|(x, y)| (x - y) * (x - y)).sum::<f64>().sqrt();
        Some(if self.scale > 0.0 { d / self.scale } else { 0.0 })
    }

    /// How `b` ranks among everyone comparable with `a` by similarity (1 = the most similar),
    /// measuring every one: the reference [`Space::similarity_rank_in`] is tested against.
    #[cfg(test)]
    pub fn similarity_rank(&self, a: usize, b: usize) -> usize {
        let Some(d) = self.distance(a, b) else { return 1 };
        let n = self.complete.len().max(self.groups.as_ref().map_or(0, |g| g.len()));
        1 + (0..n).filter(|&c| c != a && c != b && self.distance(a, c).is_some_and(|x| x < d)).count()
    }
}

/// Standardised context: per variable, transform, cap at mean ± 5 SD, then z-score.
fn standardise(values: &[Option<f64>], sqrt: bool) -> Vec<Option<f64>> {
    let transformed: Vec<Option<f64>> = values.iter().map(|v| v.map(|x| if sqrt { x.max(0.0).sqrt() } else { x })).collect();
    let (mean, sd) = mean_sd(&transformed);
    let capped: Vec<Option<f64>> = transformed.iter().map(|v| v.map(|x| if sd > 0.0 { x.clamp(mean - 5.0 * sd, mean + 5.0 * sd) } else { x })).collect();
    let (mean, sd) = mean_sd(&capped);
    capped.iter().map(|v| v.map(|x| if sd > 0.0 { (x - mean) / sd } else { 0.0 })).collect()
}

fn mean_sd(values: &[Option<f64>]) -> (f64, f64) {
    let present: Vec<f64> = values.iter().flatten().copied().collect();
    let n = present.len() as f64;
    if n < 2.0 {
        return (present.first().copied().unwrap_or(0.0), 0.0);
    }
    let mean = present.iter().sum::<f64>() / n;
    let var = present.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var.sqrt())
}

/// Peers from context values (`context[v][org]`) and/or groups (`groups[org]`).
/// Deterministic: ties in distance go to the organisation that comes first.
pub fn find_peers(
    variables: Vec<Variable>,
    context: &[Vec<Option<f64>>],
    groups: Option<&[Option<String>]>,
    k: Option<usize>,
    within: Option<String>,
) -> PeerSet {
    let n = context.first().map(|c| c.len()).or(groups.map(|g| g.len())).unwrap_or(0);
    let z: Vec<Vec<Option<f64>>> = context.iter().zip(&variables).map(|(values, v)| standardise(values, v.sqrt)).collect();
    let weights: Vec<f64> = variables.iter().map(|v| v.weight).collect();
    let complete: Vec<bool> = (0..n).map(|i| z.iter().all(|col| col[i].is_some())).collect();
    let incomplete = if variables.is_empty() { Vec::new() } else { (0..n).filter(|&i| !complete[i]).collect() };
    let dims = z.len();
    // The space with distances unscaled while the peers are found (the scale is their farthest).
    let mut space = Space { points: weighted_points(&z, &weights, n), dims, complete, groups: groups.map(|g| g.to_vec()), scale: 1.0 };
    let everyone = space.subset(0..n);
    let keep = k.unwrap_or(usize::MAX);
    let mut raw: Vec<Vec<(usize, f64)>> = Vec::with_capacity(n);
    let mut max_distance: f64 = 0.0;
    let (group_of, members) = if variables.is_empty() { group_members(groups, n) } else { (Vec::new(), Vec::new()) };
    for a in 0..n {
        let candidates: Vec<(usize, f64)> = if variables.is_empty() {
            group_of.get(a).copied().flatten().map_or(&[][..], |g| &members[g]).iter().filter(|&&b| b != a).map(|&b| (b, 0.0)).collect()
        } else {
            nearest_first(space.nearest_in(&everyone, a, keep, |_| true), keep)
        };
        max_distance = max_distance.max(candidates.iter().map(|c| c.1).fold(0.0, f64::max));
        raw.push(candidates);
    }
    let contributions =
        |a: usize, b: usize| -> Vec<f64> { z.iter().zip(&weights).map(|(col, w)| w * (col[a].unwrap_or(0.0) - col[b].unwrap_or(0.0)).powi(2)).collect() };
    let peers = raw
        .into_iter()
        .enumerate()
        .map(|(a, list)| {
            list.into_iter()
                .map(|(b, d)| {
                    if variables.is_empty() {
                        return Peer { org: b, distance: None, drivers: Vec::new() };
                    }
                    let parts = contributions(a, b);
                    let mut drivers: Vec<usize> = (0..parts.len()).collect();
                    crate::order::sort_positions(&mut drivers, &|x, y| parts[x].total_cmp(&parts[y]).then(x.cmp(&y)));
                    Peer { org: b, distance: Some(if max_distance > 0.0 { d / max_distance } else { 0.0 }), drivers }
                })
                .collect()
        })
        .collect();
    space.scale = max_distance;
    PeerSet { variables, k, within, peers, incomplete, space }
}

/// Each organisation's group (an index), and each group's members in order; one group of
/// everyone when there are no groups, none for an organisation without one. Found by grouping
/// once: comparing every pair's group was quadratic (50,000 organisations took seconds).
fn group_members(groups: Option<&[Option<String>]>, n: usize) -> (Vec<Option<usize>>, Vec<Vec<usize>>) {
    let Some(groups) = groups else { return (vec![Some(0); n], vec![(0..n).collect()]) };
    let mut index: rustc_hash::FxHashMap<&str, usize> = Default::default();
    let mut members: Vec<Vec<usize>> = Vec::new();
    let group_of = groups
        .iter()
        .enumerate()
        .map(|(org, g)| {
            let g = g.as_deref()?;
            let at = *index.entry(g).or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            });
            members[at].push(org);
            Some(at)
        })
        .collect();
    (group_of, members)
}

/// Row-major points with √weight folded in, so a distance is a plain sum of squares.
fn weighted_points(z: &[Vec<Option<f64>>], weights: &[f64], n: usize) -> Vec<f64> {
    let dims = z.len();
    let mut points = vec![0.0f64; n * dims];
    for (v, (col, w)) in z.iter().zip(weights).enumerate() {
        let scale = w.sqrt();
        for (i, x) in col.iter().enumerate() {
            points[i * dims + v] = x.unwrap_or(0.0) * scale;
        }
    }
    points
}

/// The `keep` nearest of (distance, organisation), as (organisation, distance), nearest first:
/// distances equal but for rounding are ties, broken by file order.
fn nearest_first(found: Vec<(f64, usize)>, keep: usize) -> Vec<(usize, f64)> {
    let mut nearest: Vec<(usize, f64)> = found.into_iter().map(|(d, b)| (b, d)).collect();
    nearest.sort_unstable_by(|x, y| (x.1 * 1e9).round().total_cmp(&(y.1 * 1e9).round()).then(x.0.cmp(&y.0)));
    nearest.truncate(keep);
    nearest
}
/// The distance between two points, or `None` as soon as it is known to exceed `bound`.
fn within_bound(pa: &[f64], pb: &[f64], bound: f64) -> Option<f64> {
    let bound2 = bound * bound;
    let mut squared = 0.0;
    for (x, y) in pa.iter().zip(pb) {
        let diff = x - y;
        squared += diff * diff;
        if squared > bound2 {
            return None;
        }
    }
    Some(squared.sqrt())
}
