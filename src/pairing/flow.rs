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

    /// Sends flow from `source` to `sink` along successively cheapest paths while they have
    /// negative cost, i.e. finds the flow of minimum total cost (of any amount). The network must
    /// have no negative-cost cycle (true of the DAGs built here). Returns (flow, cost).
    pub fn min_cost_flow(&mut self, source: usize, sink: usize) -> (i64, i64) {
        let n = self.out.len();
        let mut potential = self.initial_potentials(source);
        let (mut flow, mut cost) = (0i64, 0i64);
        let mut dist = vec![i64::MAX; n];
        let mut via = vec![usize::MAX; n];
        loop {
            dist.iter_mut().for_each(|d| *d = i64::MAX);
            via.iter_mut().for_each(|v| *v = usize::MAX);
            dist[source] = 0;
            let mut heap = BinaryHeap::new();
            heap.push(Reverse((0i64, source)));
            while let Some(Reverse((d, u))) = heap.pop() {
                if d > dist[u] {
                    continue;
                }
                for &a in &self.out[u] {
                    let arc = &self.arcs[a];
                    if arc.capacity <= 0 || potential[arc.to] == i64::MAX {
                        continue;
                    }
                    let reduced = arc.cost + potential[u] - potential[arc.to];
                    let nd = d + reduced;
                    if nd < dist[arc.to] {
                        dist[arc.to] = nd;
                        via[arc.to] = a;
                        heap.push(Reverse((nd, arc.to)));
                    }
                }
            }
            if dist[sink] == i64::MAX {
                break;
            }
            for v in 0..n {
                if dist[v] != i64::MAX && potential[v] != i64::MAX {
                    potential[v] += dist[v];
                }
            }
            // True cost of the path = potential[sink] - potential[source] (source stays 0).
            let path_cost = potential[sink] - potential[source];
            if path_cost >= 0 {
                break;
            }
            let mut push = i64::MAX;
            let mut v = sink;
            while v != source {
                let a = via[v];
                push = push.min(self.arcs[a].capacity);
                v = self.arcs[a ^ 1].to;
            }
            let mut v = sink;
            while v != source {
                let a = via[v];
                self.arcs[a].capacity -= push;
                self.arcs[a ^ 1].capacity += push;
                v = self.arcs[a ^ 1].to;
            }
            flow += push;
            cost += push * path_cost;
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
