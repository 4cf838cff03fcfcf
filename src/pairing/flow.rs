//! Minimum-cost flow by successive shortest paths with Johnson potentials: exact, polynomial,
//! small, and dependency-free (the crates.io options wrap C++ or are GPL). Costs are integers so
//! that optimality is exact and ties are broken deterministically by arc order.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

const NONE: usize = usize::MAX;
const UNREACHED: i64 = i64::MAX;

#[derive(Debug, Clone)]
struct Arc {
    to: usize,
    capacity: i64,
    cost: i64,
}

/// A flow network; arcs are stored in pairs (forward, backward) so `arc ^ 1` is the reverse.
#[derive(Debug, Clone, Default)]
pub struct Network {
    arcs: Vec<Arc>,
    out: Vec<Vec<usize>>,
}

impl Network {
    pub fn new(nodes: usize) -> Self {
        Network { arcs: Vec::new(), out: vec![Vec::new(); nodes] }
    }

    pub fn add_node(&mut self) -> usize {
        self.out.push(Vec::new());
        self.out.len() - 1
    }

    /// Adds an arc and returns its id, whose flow [`Network::flow`] reports after solving.
    pub fn add_arc(&mut self, from: usize, to: usize, capacity: i64, cost: i64) -> usize {
        let id = self.arcs.len();
        self.arcs.push(Arc { to, capacity, cost });
        self.arcs.push(Arc { to: from, capacity: 0, cost: -cost });
        self.out[from].push(id);
        self.out[to].push(id + 1);
        id
    }

    /// Flow on an arc: the capacity its reverse has gained.
    pub fn flow(&self, arc: usize) -> i64 {
        self.arcs[arc + 1].capacity
    }

    fn tail(&self, arc: usize) -> usize {
        self.arcs[arc ^ 1].to
    }

    /// Sends `amount` along the path that ends at `end` (the search's `via` arcs back to a start).
    fn augment(&mut self, via: &[usize], end: usize, amount: i64) {
        let mut v = end;
        while via[v] != NONE {
            let a = via[v];
            self.arcs[a].capacity -= amount;
            self.arcs[a ^ 1].capacity += amount;
            v = self.tail(a);
        }
    }

    /// The minimum-cost flow that sends every unit of every arc out of `source` to `sink`
    /// (give each a zero-cost way to the sink where "not assigned" is allowed). Returns
    /// (flow, cost).
    ///
    /// Successive shortest paths from one unit of one source arc at a time, as the Hungarian
    /// method adds one row at a time: each search is a Dijkstra on reduced costs from that arc
    /// that stops at the sink, so it stays local on large sparse networks. Potentials stay
    /// valid because only settled nodes move, by d(v) − d(sink) ≤ 0. The network must have no
    /// negative-cost cycle (true of the DAGs built here).
    pub fn min_cost_flow(&mut self, source: usize, sink: usize) -> (i64, i64) {
        let mut potential = self.initial_potentials(source);
        let mut search = Search::new(self.out.len());
        let (mut flow, mut cost) = (0i64, 0i64);
        let starts: Vec<usize> = self.out[source].iter().copied().filter(|a| a % 2 == 0).collect();
        for start in starts {
            while self.arcs[start].capacity > 0 {
                let first = self.arcs[start].to;
                if potential[first] == UNREACHED {
                    break;
                }
                let d0 = self.arcs[start].cost + potential[source] - potential[first];
                // The source is never passed through: paths start at `start`.
                if search.run(self, &potential, &[(first, d0, start)], source, |v| v == sink).is_none() {
                    break;
                }
                let target = search.dist[sink];
                search.move_potentials(&mut potential, target);
                self.augment(&search.via, sink, 1);
                flow += 1;
                cost += target + potential[sink] - potential[source];
            }
        }
        (flow, cost)
    }

    /// Shortest distances from the source with negative arc costs allowed (Bellman–Ford with a
    /// queue), so that every reduced cost is non-negative for Dijkstra afterwards.
    fn initial_potentials(&self, source: usize) -> Vec<i64> {
        let n = self.out.len();
        let mut dist = vec![UNREACHED; n];
        let mut queued = vec![false; n];
        let mut queue = std::collections::VecDeque::new();
        dist[source] = 0;
        queue.push_back(source);
        queued[source] = true;
        while let Some(u) = queue.pop_front() {
            queued[u] = false;
            for &a in &self.out[u] {
                let arc = &self.arcs[a];
                if arc.capacity > 0 && dist[u] + arc.cost < dist[arc.to] {
                    dist[arc.to] = dist[u] + arc.cost;
                    if !queued[arc.to] {
                        queued[arc.to] = true;
                        queue.push_back(arc.to);
                    }
                }
            }
        }
        dist
    }
}

/// One Dijkstra on reduced costs, with its arrays kept between searches (reset only where the
/// last search went, so that a search that stays local costs only what it touches).
struct Search {
    dist: Vec<i64>,
    via: Vec<usize>,
    done: Vec<bool>,
    touched: Vec<usize>,
    settled: Vec<usize>,
    heap: BinaryHeap<Reverse<(i64, usize)>>,
}

impl Search {
    fn new(n: usize) -> Self {
        Search { dist: vec![UNREACHED; n], via: vec![NONE; n], done: vec![false; n], touched: Vec::new(), settled: Vec::new(), heap: BinaryHeap::new() }
    }

    /// Searches from `starts` (node, its distance, the arc it was reached by or NONE) until a
    /// node `is_end` accepts is settled, never passing through `avoid`; returns that node.
    fn run(&mut self, net: &Network, potential: &[i64], starts: &[(usize, i64, usize)], avoid: usize, is_end: impl Fn(usize) -> bool) -> Option<usize> {
        for &v in &self.touched {
            self.dist[v] = UNREACHED;
            self.via[v] = NONE;
            self.done[v] = false;
        }
        self.touched.clear();
        self.settled.clear();
        self.heap.clear();
        for &(v, d, arc) in starts {
            self.dist[v] = d;
            self.via[v] = arc;
            self.touched.push(v);
            self.heap.push(Reverse((d, v)));
        }
        while let Some(Reverse((d, u))) = self.heap.pop() {
            if self.done[u] || d > self.dist[u] {
                continue;
            }
            self.done[u] = true;
            self.settled.push(u);
            if is_end(u) {
                return Some(u);
            }
            for &a in &net.out[u] {
                let arc = &net.arcs[a];
                let v = arc.to;
                if arc.capacity <= 0 || v == avoid || self.done[v] || potential[v] == UNREACHED {
                    continue;
                }
                let nd = d + arc.cost + potential[u] - potential[v];
                if nd < self.dist[v] {
                    if self.dist[v] == UNREACHED {
                        self.touched.push(v);
                    }
                    self.dist[v] = nd;
                    self.via[v] = a;
                    self.heap.push(Reverse((nd, v)));
                }
            }
        }
        None
    }

    /// After a search that ended at distance `target`: settled nodes move by d(v) − target ≤ 0,
    /// which keeps every reduced cost non-negative and makes the path's arcs cost 0.
    fn move_potentials(&self, potential: &mut [i64], target: i64) {
        for &v in &self.settled {
            potential[v] += self.dist[v] - target;
        }
    }
}
