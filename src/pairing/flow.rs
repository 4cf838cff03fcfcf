//! Minimum-cost flow by successive shortest paths with Johnson potentials: exact, polynomial,
//! small, and dependency-free (the crates.io options wrap C++ or are GPL). Costs are integers so
//! that optimality is exact and ties are broken deterministically by arc order.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

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
        const NONE: usize = usize::MAX;
        let n = self.out.len();
        let mut potential = self.initial_potentials(source);
        let mut dist = vec![i64::MAX; n];
        let mut via = vec![NONE; n];
        let mut done = vec![false; n];
        let mut touched: Vec<usize> = Vec::new();
        let mut settled: Vec<usize> = Vec::new();
        let mut heap: BinaryHeap<Reverse<(i64, usize)>> = BinaryHeap::new();
        let (mut flow, mut cost) = (0i64, 0i64);
        let starts: Vec<usize> = self.out[source].iter().copied().filter(|a| a % 2 == 0).collect();
        for start in starts {
            while self.arcs[start].capacity > 0 {
                let first = self.arcs[start].to;
                if potential[first] == i64::MAX {
                    break;
                }
                for &v in &touched {
                    dist[v] = i64::MAX;
                    via[v] = NONE;
                    done[v] = false;
                }
                touched.clear();
                settled.clear();
                heap.clear();
                let d0 = self.arcs[start].cost + potential[source] - potential[first];
                dist[first] = d0;
                via[first] = start;
                touched.push(first);
                heap.push(Reverse((d0, first)));
                while let Some(Reverse((d, u))) = heap.pop() {
                    if done[u] || d > dist[u] {
                        continue;
                    }
                    done[u] = true;
                    settled.push(u);
                    if u == sink {
                        break;
                    }
                    for &a in &self.out[u] {
                        let arc = &self.arcs[a];
                        let v = arc.to;
                        // The source is never passed through: paths start at `start`.
                        if arc.capacity <= 0 || v == source || done[v] || potential[v] == i64::MAX {
                            continue;
                        }
                        let nd = d + arc.cost + potential[u] - potential[v];
                        if nd < dist[v] {
                            if dist[v] == i64::MAX {
                                touched.push(v);
                            }
                            dist[v] = nd;
                            via[v] = a;
                            heap.push(Reverse((nd, v)));
                        }
                    }
                }
                if !done[sink] {
                    break;
                }
                let target = dist[sink];
                for &v in &settled {
                    potential[v] += dist[v] - target;
                }
                let mut v = sink;
                while v != source {
                    let a = via[v];
                    self.arcs[a].capacity -= 1;
                    self.arcs[a ^ 1].capacity += 1;
                    v = self.arcs[a ^ 1].to;
                }
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
        let mut dist = vec![i64::MAX; n];
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
