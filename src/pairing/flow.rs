//! Minimum-cost flow by successive shortest paths with Johnson potentials: exact, polynomial,
//! small, and dependency-free (the crates.io options wrap C++ or are GPL). Costs are integers so
//! that optimality is exact and ties are broken deterministically by arc order.

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
    /// How many nodes; each node's arcs are found when the network is laid flat to be solved.
    nodes: usize,
    /// Each node's potential after the last solve (empty before one): every arc with room then
    /// has a non-negative reduced cost, which is what lets [`Network::repair`] start from there.
    potential: Vec<i64>,
}

impl Network {
    pub fn new(nodes: usize) -> Self {
        Network { arcs: Vec::new(), nodes, potential: Vec::new() }
    }

    /// How many nodes the network has.
    pub fn nodes(&self) -> usize {
        self.nodes
    }

    pub fn add_node(&mut self) -> usize {
        self.nodes += 1;
        self.nodes - 1
    }

    /// Adds an arc and returns its id, whose flow [`Network::flow`] reports after solving.
    pub fn add_arc(&mut self, from: usize, to: usize, capacity: i64, cost: i64) -> usize {
        let id = self.arcs.len();
        self.arcs.push(Arc { to, capacity, cost });
        self.arcs.push(Arc { to: from, capacity: 0, cost: -cost });
        id
    }

    /// The network as a DIMACS minimum-cost flow problem ("p min", one "n" line for each of
    /// `source` and `sink`, whose supply is what leaves `source`; one "a" line per arc, lower
    /// bound 0), so that other solvers can be timed and checked on exactly this network. Nodes
    /// are numbered from 1, as DIMACS counts them.
    pub fn dimacs(&self, source: usize, sink: usize) -> String {
        use std::fmt::Write;
        let supply: i64 = self.arcs.chunks(2).filter(|pair| pair[1].to == source).map(|pair| pair[0].capacity + pair[1].capacity).sum();
        let mut out = format!("p min {} {}\nn {} {supply}\nn {} {}\n", self.nodes, self.arcs.len() / 2, source + 1, sink + 1, -supply);
        for pair in self.arcs.chunks(2) {
            // As added: the forward arc's room plus what flows (its reverse's room).
            let _ = writeln!(out, "a {} {} 0 {} {}", pair[1].to + 1, pair[0].to + 1, pair[0].capacity + pair[1].capacity, pair[0].cost);
        }
        out
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
        let mut search = Search::new(flat.potentials_to(sink));
        let (mut flow, mut cost) = (0i64, 0i64);
        let starts: Vec<usize> = flat.arcs(source).filter(|&s| flat.forward[s]).collect();
        for start in starts {
            while flat.slots[start].room > 0 {
                let first = flat.slots[start].head as usize;
                if search.potential(first) == UNREACHED {
                    break;
                }
                let d0 = flat.slots[start].cost + search.potential(source) - search.potential(first);
                // The source is never passed through: paths start at `start`.
                if search.run(&flat, &[(first, d0, start)], source, |v| v == sink).is_none() {
                    break;
                }
                let target = search.dist(sink);
                search.move_potentials(target);
                search.augment(&mut flat, sink, 1);
                flow += 1;
                cost += target + search.potential(sink) - search.potential(source);
            }
        }
        flat.write_back(self);
        self.potential = search.potentials();
        (flow, cost)
    }

    /// Restores a minimum-cost flow after nodes and arcs were added to a solved network (a
    /// pairing's later pass offers a few learners more teachers), searching only where the new
    /// arcs make a difference instead of solving again. New nodes get potentials that make
    /// their arcs towards the sink non-negative; each arc left with a negative reduced cost is
    /// filled, which leaves a unit too many at its head and one too few at its tail; then
    /// each unit too many goes by a shortest path to the nearest node short of one, as in
    /// solving. Every arc with room ends with a non-negative reduced cost and every node
    /// balanced, so the flow is optimal (the same optimum as solving again, tested). Returns
    /// false, leaving the network unusable, if it was never solved or a unit finds no way.
    pub fn repair(&mut self, source: usize) -> bool {
        if self.potential.is_empty() {
            return false;
        }
        let mut flat = Flat::of(self);
        let mut potential = std::mem::take(&mut self.potential);
        flat.extend_potentials(&mut potential);
        flat.raise_idle(&mut potential, source);
        let mut excess = flat.fill_negative(&potential, source);
        let mut search = Search::new(potential);
        for start in 0..excess.len() {
            while excess[start] > 0 {
                let Some(end) = search.run(&flat, &[(start, 0, NONE)], source, |v| excess[v] < 0) else { return false };
                search.move_potentials(search.dist(end));
                search.augment(&mut flat, end, 1);
                excess[start] -= 1;
                excess[end] += 1;
            }
        }
        flat.write_back(self);
        self.potential = search.potentials();
        true
    }
}

/// The network in flat arrays while it is solved: each node's arcs (both ways) in the slots
/// `first[v]..first[v + 1]`, each slot's head, room and cost side by side, so that a search
/// reads a node's arcs in one sweep of memory rather than one jump per arc (measured with the
/// search's early stop: a national solve in about five sixths of the time through a list of arc
/// numbers).
struct Flat {
    first: Vec<u32>,
    slots: Vec<Slot>,
    /// Whether a slot is its arc as added (not the way back).
    forward: Vec<bool>,
    /// Each of the network's arcs' slot.
    slot_of: Vec<u32>,
}

/// One slot: what a search reads of an arc (its cost, room and head) side by side in 24 bytes,
/// with the slot of the same arc the other way (`mate`).
#[derive(Clone, Copy)]
struct Slot {
    cost: i64,
    room: i64,
    head: u32,
    mate: u32,
}

impl Flat {
    fn of(network: &Network) -> Flat {
        // Each node's arcs (out, and back along its arcs in) in the order they were added, by a
        // counting sort on the node they leave: no list per node is kept while a graph is built.
        let slots = network.arcs.len();
        let tail = |a: usize| network.arcs[a ^ 1].to;
        let mut first = vec![0u32; network.nodes + 1];
        for a in 0..slots {
            first[tail(a) + 1] += 1;
        }
        for v in 0..network.nodes {
            first[v + 1] += first[v];
        }
        // Each arc's slot: its node's next, taking arcs in order.
        let mut next = first.clone();
        let slot_of: Vec<u32> = (0..slots)
            .map(|a| {
                let v = tail(a);
                next[v] += 1;
                next[v] - 1
            })
            .collect();
        // Each slot's arc, then the slots gathered in slot order: written once from start to
        // end, none first filled with zeros to be written again.
        let mut arc_at = vec![0u32; slots];
        for (a, &s) in slot_of.iter().enumerate() {
            arc_at[s as usize] = a as u32;
        }
        let slot = |&a: &u32| {
            let arc = &network.arcs[a as usize];
            Slot { cost: arc.cost, room: arc.capacity, head: arc.to as u32, mate: slot_of[a as usize ^ 1] }
        };
        Flat { first, slots: arc_at.iter().map(slot).collect(), forward: arc_at.iter().map(|&a| a % 2 == 0).collect(), slot_of }
    }

    /// The rooms back into the network's arcs after solving.
    fn write_back(&self, network: &mut Network) {
        for (arc, &slot) in network.arcs.iter_mut().zip(&self.slot_of) {
            arc.capacity = self.slots[slot as usize].room;
        }
    }

    fn arcs(&self, v: usize) -> std::ops::Range<usize> {
        self.first[v] as usize..self.first[v + 1] as usize
    }

    /// The node a slot leaves.
    fn tail(&self, s: usize) -> usize {
        self.slots[self.slots[s].mate as usize].head as usize
    }

    /// Units on the arc a slot belongs to.
    fn flow(&self, s: usize) -> i64 {
        if self.forward[s] {
            self.slots[self.slots[s].mate as usize].room
        } else {
            self.slots[s].room
        }
    }

    /// Potentials for the nodes added since the last solve (beyond `potential`'s length): the
    /// least that makes each of their arcs with room non-negative, worked back from the nodes
    /// already known (new nodes lead to old ones without cycles, so this settles in a few rounds).
    fn extend_potentials(&self, potential: &mut Vec<i64>) {
        let known = potential.len();
        let n = self.first.len() - 1;
        potential.resize(n, UNREACHED);
        for _ in known..n {
            let mut changed = false;
            for v in known..n {
                for s in self.arcs(v) {
                    let w = self.slots[s].head as usize;
                    if self.slots[s].room <= 0 || potential[w] == UNREACHED {
                        continue;
                    }
                    let least = potential[w] - self.slots[s].cost;
                    if potential[v] == UNREACHED || least > potential[v] {
                        potential[v] = least;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// Raises the potential of each node through which nothing flows just enough that its arcs
    /// out cost nothing negative (a learner's topic offered new teachers): only its one way in
    /// is then left negative to fill, so a single unit is rerouted where filling each new arc
    /// would send dozens back and forth, each searching far.
    fn raise_idle(&self, potential: &mut [i64], source: usize) {
        for v in 0..potential.len() {
            if v == source || potential[v] == UNREACHED || self.arcs(v).any(|s| self.flow(s) > 0) {
                continue;
            }
            let least = self
                .arcs(v)
                .filter(|&s| self.forward[s] && self.slots[s].room > 0 && potential[self.slots[s].head as usize] != UNREACHED)
                .map(|s| potential[self.slots[s].head as usize] - self.slots[s].cost)
                .max();
            if let Some(least) = least.filter(|&l| l > potential[v]) {
                potential[v] = least;
            }
        }
    }

    /// Fills every arc with room whose reduced cost is negative, and returns each node's
    /// excess (positive: units too many; negative: units too few). Arcs at the source are left
    /// alone: searches never pass through it, and its arcs are all full once solved.
    fn fill_negative(&mut self, potential: &[i64], source: usize) -> Vec<i64> {
        let mut excess = vec![0i64; self.first.len() - 1];
        for s in 0..self.slots.len() {
            let (tail, head) = (self.tail(s), self.slots[s].head as usize);
            if self.slots[s].room <= 0 || tail == source || head == source || potential[tail] == UNREACHED || potential[head] == UNREACHED {
                continue;
            }
            if self.slots[s].cost + potential[tail] - potential[head] < 0 {
                let room = self.slots[s].room;
                self.slots[s].room = 0;
                let mate = self.slots[s].mate as usize;
                self.slots[mate].room += room;
                excess[head] += room;
                excess[tail] -= room;
            }
        }
        excess
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
            for back in self.arcs(v) {
                // The mate of a slot at `v` is an arc from `u` into `v`.
                let (u, arc) = (self.slots[back].head as usize, self.slots[back].mate as usize);
                if self.slots[arc].room > 0 && to_sink[v] + self.slots[arc].cost < to_sink[u] {
                    to_sink[u] = to_sink[v] + self.slots[arc].cost;
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

/// One node's state in a search, side by side (24 bytes): a search reads a node's potential,
/// distance and whether it is settled together, so one cache line (rarely two) serves what
/// four arrays' lines did.
#[derive(Clone, Copy)]
struct NodeState {
    potential: i64,
    dist: i64,
    via: u32,
    done: bool,
}

/// One Dijkstra on reduced costs, with its arrays kept between searches (reset only where the
/// last search went, so that a search that stays local costs only what it touches). It holds
/// the potentials, which searches move.
struct Search {
    node: Vec<NodeState>,
    touched: Vec<u32>,
    settled: Vec<u32>,
    heap: RadixHeap,
}

const NO_SLOT: u32 = u32::MAX;

impl Search {
    fn new(potential: Vec<i64>) -> Self {
        let node = potential.into_iter().map(|potential| NodeState { potential, dist: UNREACHED, via: NO_SLOT, done: false }).collect();
        Search { node, touched: Vec::new(), settled: Vec::new(), heap: RadixHeap::default() }
    }

    fn potential(&self, v: usize) -> i64 {
        self.node[v].potential
    }

    fn dist(&self, v: usize) -> i64 {
        self.node[v].dist
    }

    fn potentials(&self) -> Vec<i64> {
        self.node.iter().map(|n| n.potential).collect()
    }

    /// Searches from `starts` (node, its distance, the arc it was reached by or NONE) until a
    /// node `is_end` accepts is settled, never passing through `avoid`; returns that node.
    fn run(&mut self, net: &Flat, starts: &[(usize, i64, usize)], avoid: usize, is_end: impl Fn(usize) -> bool) -> Option<usize> {
        for &v in &self.touched {
            let n = &mut self.node[v as usize];
            n.dist = UNREACHED;
            n.via = NO_SLOT;
            n.done = false;
        }
        self.touched.clear();
        self.settled.clear();
        self.heap.clear();
        for &(v, d, arc) in starts {
            self.node[v].dist = d;
            self.node[v].via = if arc == NONE { NO_SLOT } else { arc as u32 };
            self.touched.push(v as u32);
            self.heap.push(d, v);
        }
        while let Some((d, u)) = self.heap.pop() {
            let nu = self.node[u];
            if nu.done || d > nu.dist {
                continue;
            }
            self.node[u].done = true;
            self.settled.push(u as u32);
            if is_end(u) {
                return Some(u);
            }
            for a in net.arcs(u) {
                let v = net.slots[a].head as usize;
                if net.slots[a].room <= 0 || v == avoid {
                    continue;
                }
                let nv = &mut self.node[v];
                if nv.done || nv.potential == UNREACHED {
                    continue;
                }
                let nd = d + net.slots[a].cost + nu.potential - nv.potential;
                if nd == d && is_end(v) {
                    // Nothing left is nearer than d, so the end is reached: stop here.
                    if nv.dist == UNREACHED {
                        self.touched.push(v as u32);
                    }
                    nv.dist = nd;
                    nv.via = a as u32;
                    return Some(v);
                }
                if nd < nv.dist {
                    if nv.dist == UNREACHED {
                        self.touched.push(v as u32);
                    }
                    nv.dist = nd;
                    nv.via = a as u32;
                    self.heap.push(nd, v);
                }
            }
        }
        None
    }

    /// After a search that ended at distance `target`: settled nodes move by d(v) − target ≤ 0,
    /// which keeps every reduced cost non-negative and makes the path's arcs cost 0.
    fn move_potentials(&mut self, target: i64) {
        for &v in &self.settled {
            let n = &mut self.node[v as usize];
            n.potential += n.dist - target;
        }
    }

    /// Sends `amount` along the path the last search found to `end`.
    fn augment(&self, net: &mut Flat, end: usize, amount: i64) {
        let mut v = end;
        while self.node[v].via != NO_SLOT {
            let s = self.node[v].via as usize;
            net.slots[s].room -= amount;
            let mate = net.slots[s].mate as usize;
            net.slots[mate].room += amount;
            v = net.tail(s);
        }
    }
}

/// A radix heap: the search's queue. A search takes distances in increasing order and every
/// new one is at least the last taken, so keys go into buckets by the highest bit in which they
/// differ from the last taken; a bucket is sorted out only when it is reached (measured: a
/// national solve in about three quarters of the time of a binary heap). Ties leave in no defined order,
/// which may pick another of several equally good answers, never a worse one.
struct RadixHeap {
    last: i64,
    buckets: [Vec<(i64, u32)>; 65],
    len: usize,
}

impl Default for RadixHeap {
    fn default() -> Self {
        RadixHeap { last: i64::MIN, buckets: std::array::from_fn(|_| Vec::new()), len: 0 }
    }
}

impl RadixHeap {
    fn clear(&mut self) {
        for b in &mut self.buckets {
            b.clear();
        }
        self.last = i64::MIN;
        self.len = 0;
    }

    fn bucket(&self, key: i64) -> usize {
        // Keys are never below `last`; compare them as unsigned offsets from it.
        let diff = (key as u64 ^ (1 << 63)) ^ (self.last as u64 ^ (1 << 63));
        64 - diff.leading_zeros() as usize
    }

    fn push(&mut self, key: i64, node: usize) {
        debug_assert!(key >= self.last, "a search never goes back below the distance it has reached");
        let b = self.bucket(key);
        self.buckets[b].push((key, node as u32));
        self.len += 1;
    }

    fn pop(&mut self) -> Option<(i64, usize)> {
        if self.len == 0 {
            return None;
        }
        if self.buckets[0].is_empty() {
            let i = (1..65).find(|&i| !self.buckets[i].is_empty())?;
            let moved = std::mem::take(&mut self.buckets[i]);
            self.last = moved.iter().map(|e| e.0).min()?;
            for e in &moved {
                let b = self.bucket(e.0);
                self.buckets[b].push(*e);
            }
            self.buckets[i] = moved;
            self.buckets[i].clear();
        }
        self.len -= 1;
        self.buckets[0].pop().map(|(k, v)| (k, v as usize))
    }
}
