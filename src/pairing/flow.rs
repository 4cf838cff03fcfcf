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
        let mut flat = Flat::of(self);
        let mut potential = flat.potentials_to(sink);
        let mut search = Search::new(self.out.len());
        let (mut flow, mut cost) = (0i64, 0i64);
        let starts: Vec<usize> = self.out[source].iter().copied().filter(|a| a % 2 == 0).collect();
        for start in starts {
            while flat.room[start] > 0 {
                let first = flat.head[start] as usize;
                if potential[first] == UNREACHED {
                    break;
                }
                let d0 = flat.cost[start] + potential[source] - potential[first];
                // The source is never passed through: paths start at `start`.
                if search.run(&flat, &potential, &[(first, d0, start)], source, |v| v == sink).is_none() {
                    break;
                }
                let target = search.dist[sink];
                search.move_potentials(&mut potential, target);
                flat.augment(&search.via, sink, 1);
                flow += 1;
                cost += target + potential[sink] - potential[source];
            }
        }
        for (arc, &room) in self.arcs.iter_mut().zip(&flat.room) {
            arc.capacity = room;
        }
        (flow, cost)
    }
}

/// The network in flat arrays while it is solved: each node's arcs at
/// `adjacent[first[v]..first[v + 1]]`, each arc's head, room and cost side by side (a search
/// reads them for every arc it looks at, so they sit close in memory).
struct Flat {
    first: Vec<u32>,
    adjacent: Vec<u32>,
    head: Vec<u32>,
    room: Vec<i64>,
    cost: Vec<i64>,
}

impl Flat {
    fn of(network: &Network) -> Flat {
        let mut first = Vec::with_capacity(network.out.len() + 1);
        let mut adjacent = Vec::with_capacity(network.arcs.len());
        for arcs in &network.out {
            first.push(adjacent.len() as u32);
            adjacent.extend(arcs.iter().map(|&a| a as u32));
        }
        first.push(adjacent.len() as u32);
        Flat {
            first,
            adjacent,
            head: network.arcs.iter().map(|a| a.to as u32).collect(),
            room: network.arcs.iter().map(|a| a.capacity).collect(),
            cost: network.arcs.iter().map(|a| a.cost).collect(),
        }
    }

    fn arcs(&self, v: usize) -> &[u32] {
        &self.adjacent[self.first[v] as usize..self.first[v + 1] as usize]
    }

    /// Sends `amount` along the path that ends at `end` (the search's `via` arcs back to a start).
    fn augment(&mut self, via: &[usize], end: usize, amount: i64) {
        let mut v = end;
        while via[v] != NONE {
            let a = via[v];
            self.room[a] -= amount;
            self.room[a ^ 1] += amount;
            v = self.head[a ^ 1] as usize;
        }
    }

    /// Potentials from every node's shortest distance to the sink (Bellman–Ford with a queue,
    /// backwards; negative costs allowed): every reduced cost is non-negative, and an arc on a
    /// cheapest way to the sink costs 0, so a search goes straight down it and strays only
    /// where that way is full (the search is then A* with an exact guide). Measured on the
    /// national pairing: a fifth fewer nodes settled than with distances from the source.
    fn potentials_to(&self, sink: usize) -> Vec<i64> {
        let n = self.first.len() - 1;
        let mut to_sink = vec![UNREACHED; n];
        let mut queued = vec![false; n];
        let mut queue = std::collections::VecDeque::new();
        to_sink[sink] = 0;
        queue.push_back(sink);
        queued[sink] = true;
        while let Some(v) = queue.pop_front() {
            queued[v] = false;
            for &back in self.arcs(v) {
                // `back ^ 1` is an arc from `u` into `v`.
                let (u, arc) = (self.head[back as usize] as usize, back as usize ^ 1);
                if self.room[arc] > 0 && to_sink[v] + self.cost[arc] < to_sink[u] {
                    to_sink[u] = to_sink[v] + self.cost[arc];
                    if !queued[u] {
                        queued[u] = true;
                        queue.push_back(u);
                    }
                }
            }
        }
        to_sink.into_iter().map(|d| if d == UNREACHED { UNREACHED } else { -d }).collect()
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
    fn run(&mut self, net: &Flat, potential: &[i64], starts: &[(usize, i64, usize)], avoid: usize, is_end: impl Fn(usize) -> bool) -> Option<usize> {
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
            for &a in net.arcs(u) {
                let a = a as usize;
                let v = net.head[a] as usize;
                if net.room[a] <= 0 || v == avoid || self.done[v] || potential[v] == UNREACHED {
                    continue;
                }
                let nd = d + net.cost[a] + potential[u] - potential[v];
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
