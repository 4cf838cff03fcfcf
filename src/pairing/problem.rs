//! The pairing problem in numbers, its exact solution, and its objective (shared with the
//! brute-force test oracle, so the two cannot define "optimal" differently).

// Fx hashing: keys are small integers, and SipHash was 30 ms of a national pairing in wasm.
use rustc_hash::FxHashMap as HashMap;

use super::flow::Network;
use super::grid::Grid;

/// A possible pair: `teacher` could teach `learner` on `topic` (an indicator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub learner: usize,
    pub teacher: usize,
    pub topic: usize,
    /// Cost of the pair itself (lower is better): how far down the learner's list of indicators
    /// the topic is, then dissimilarity minus informativeness.
    pub cost: i64,
}

/// Weights of the objective, in integer units. The defaults make the number of pairs dominate
/// (then, in the candidates' costs, which indicators a learner works on), then trade similarity
/// (1,000 per unit of rebased distance) and gap (up to 100) against spreading the teaching
/// (each further learner of a teacher costs 200 more than the last; the first learner of an
/// organisation that has something to learn itself earns 300).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weights {
    pub pair_reward: i64,
    pub load_step: i64,
    pub both_bonus: i64,
    /// Each learner a teacher takes on one topic beyond `capacity` (making a learning set up to
    /// `set_size`): more than any similar teacher beyond the learner's peers costs, so a set
    /// forms only where teachers are scarce; far less than a pair is worth, so no learner is
    /// turned away while a set has room.
    pub set_step: i64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights { pair_reward: 1_000_000_000, load_step: 200, both_bonus: 300, set_step: 10_000 }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub organisations: usize,
    pub candidates: Vec<Candidate>,
    /// Learners per teacher per topic at no extra cost.
    pub capacity: i64,
    /// Most learners per teacher per topic (a learning set), each beyond `capacity` at `set_step`.
    pub set_size: i64,
    /// Learners per teacher across all topics (`None` = no limit beyond `capacity` per topic).
    pub capacity_total: Option<i64>,
    /// Topics per learner at once.
    pub max_topics: i64,
    /// Organisations that are learners on some topic (they earn the "both" bonus for teaching).
    pub learns_somewhere: Vec<bool>,
    pub weights: Weights,
}

impl Problem {
    /// The cost of a teacher's `j`-th learner (0-based): convex, so the flow takes them in order.
    fn load_step(&self, teacher: usize, j: i64) -> i64 {
        let bonus = if j == 0 && self.learns_somewhere[teacher] { self.weights.both_bonus } else { 0 };
        self.weights.load_step * j - bonus
    }

    /// Total cost of a set of chosen candidates, or `None` if it breaks a constraint.
    pub fn objective(&self, chosen: &[usize]) -> Option<i64> {
        let mut per_learner_topic: HashMap<(usize, usize), i64> = HashMap::default();
        let mut per_learner: HashMap<usize, i64> = HashMap::default();
        let mut per_teacher_topic: HashMap<(usize, usize), i64> = HashMap::default();
        let mut per_teacher: HashMap<usize, i64> = HashMap::default();
        let mut cost = 0;
        for &c in chosen {
            let c = self.candidates[c];
            *per_learner_topic.entry((c.learner, c.topic)).or_default() += 1;
            *per_learner.entry(c.learner).or_default() += 1;
            *per_teacher_topic.entry((c.teacher, c.topic)).or_default() += 1;
            *per_teacher.entry(c.teacher).or_default() += 1;
            cost += c.cost - self.weights.pair_reward;
        }
        let feasible = per_learner_topic.values().all(|&n| n <= 1)
            && per_learner.values().all(|&n| n <= self.max_topics)
            && per_teacher_topic.values().all(|&n| n <= self.set_size.max(self.capacity))
            && per_teacher.values().all(|&n| self.capacity_total.is_none_or(|t| n <= t));
        if !feasible {
            return None;
        }
        for (&teacher, &n) in &per_teacher {
            cost += (0..n).map(|j| self.load_step(teacher, j)).sum::<i64>();
        }
        for &n in per_teacher_topic.values() {
            cost += (n - self.capacity).max(0) * self.weights.set_step;
        }
        Some(cost)
    }

    /// The optimal set of candidates (indexes), by minimum-cost flow on its [`Graph`].
    pub fn solve(&self) -> Vec<usize> {
        Graph::solved(self).chosen()
    }

    /// The problem's flow network in DIMACS form (see [`Network::dimacs`]): for timing and
    /// checking other minimum-cost flow solvers on the very network this one solves.
    pub fn dimacs(&self) -> String {
        Graph::of(self).net.dimacs(SOURCE, SINK)
    }

    /// Whether the two differ only in their candidates: the first condition for [`Warm`] to
    /// start from `earlier`'s optimum (the other, that candidates were only added, is checked
    /// as the graph is extended).
    fn same_terms(&self, earlier: &Problem) -> bool {
        self.organisations == earlier.organisations
            && (self.capacity, self.set_size, self.capacity_total, self.max_topics, self.weights)
                == (earlier.capacity, earlier.set_size, earlier.capacity_total, earlier.max_topics, earlier.weights)
            && self.learns_somewhere == earlier.learns_somewhere
    }
}

/// Solves a pairing's passes in turn, each the last with candidates added, from the last
/// pass's optimum: a later pass offers a few learners more teachers, and searching only what
/// those change takes a fraction of solving again (measured in the README). The optimum is the
/// same as [`Problem::solve`]'s (tested); a problem that is not an extension is solved afresh.
#[derive(Default)]
pub struct Warm {
    last: Option<(Problem, Graph)>,
    /// Problems solved from the last optimum rather than afresh.
    pub repaired: usize,
}

impl Warm {
    pub fn solve(&mut self, problem: &Problem) -> Vec<usize> {
        let repaired = match self.last.take() {
            Some((earlier, mut graph)) if problem.same_terms(&earlier) => graph.extend(&earlier, problem).then_some(graph),
            _ => None,
        };
        self.repaired += usize::from(repaired.is_some());
        let graph = repaired.unwrap_or_else(|| Graph::solved(problem));
        let chosen = graph.chosen();
        self.last = Some((problem.clone(), graph));
        chosen
    }
}

const SOURCE: usize = 0;
const SINK: usize = 1;

/// The flow network of a problem:
///
/// source → learner (capacity: its topics, at most `max_topics`) → learner×topic (1) →
/// teacher×topic (1 per candidate, cost of the pair) → teacher (`capacity` free, then up to
/// `set_size` at `set_step` each) → sink (one arc per further learner, at the rising cost of
/// [`Problem::load_step`]). Each learner also has a zero-cost arc straight to the sink: "no
/// teacher" for that unit.
struct Graph {
    net: Network,
    learner_topic_node: Grid,
    teacher_topic_node: Grid,
    /// Each organisation's teacher node ([`NO_NODE`] until it teaches), the most learners its
    /// candidates let it take, and how many arcs to the sink it has.
    teacher_node: Vec<usize>,
    teacher_reach: Vec<i64>,
    load_arcs: Vec<i64>,
    /// Candidates into each teacher×topic node (by node; 0 for other nodes).
    topic_degree: Vec<i64>,
    /// Each candidate's arc, in the problem's order.
    arcs: Vec<usize>,
}

const NO_NODE: usize = usize::MAX;

/// A grid of nodes sized for `problem`'s candidates.
fn node_grid(problem: &Problem) -> Grid {
    let topics = problem.candidates.iter().map(|c| c.topic + 1).max().unwrap_or(0);
    Grid::new(problem.organisations, topics, problem.candidates.len())
}

/// How many (organisation, topic) entries the graph of `problem` makes room for.
#[cfg(test)]
pub(super) fn node_room(problem: &Problem) -> usize {
    let g = Graph::of(problem);
    g.learner_topic_node.room() + g.teacher_topic_node.room()
}

impl Graph {
    /// The graph of a problem with its minimum-cost flow.
    fn solved(problem: &Problem) -> Graph {
        let mut g = Graph::of(problem);
        g.net.min_cost_flow(SOURCE, SINK);
        g
    }

    /// The candidates (indexes in the problem) the flow takes.
    fn chosen(&self) -> Vec<usize> {
        self.arcs.iter().enumerate().filter(|(_, &a)| self.net.flow(a) > 0).map(|(i, _)| i).collect()
    }

    /// Adds `problem`'s candidates that `earlier` (this graph's problem, solved) lacks, and
    /// repairs the flow; false if `problem` is not `earlier` with candidates added (or the
    /// repair failed): the graph is then unusable.
    fn extend(&mut self, earlier: &Problem, problem: &Problem) -> bool {
        let Some(carried) = self.carried_arcs(earlier, problem) else { return false };
        let mut arcs = Vec::with_capacity(problem.candidates.len());
        for (c, carried) in problem.candidates.iter().zip(carried) {
            match carried {
                Some(arc) => arcs.push(arc),
                None => {
                    let Some(lt) = self.learner_topic_node.get(c.learner, c.topic) else { return false };
                    arcs.push(self.add_candidate(problem, c, lt));
                }
            }
        }
        self.arcs = arcs;
        self.add_load_arcs(problem);
        self.net.repair(SOURCE)
    }

    /// For each of `problem`'s candidates, this graph's arc for the same candidate of `earlier`
    /// (`None`: a candidate added), or `None` if `problem` is not `earlier` with candidates
    /// added: a learner×topic without a node here (its learner's units would change), or a
    /// candidate of `earlier` missing or at another cost. Candidates are matched within their
    /// learner×topic, in order where they are unchanged, so that a national pass is checked
    /// without hashing its 400,000 candidates (that was 3 % of a pairing's wasm time, profiled).
    fn carried_arcs(&self, earlier: &Problem, problem: &Problem) -> Option<Vec<Option<usize>>> {
        // Earlier candidates grouped by their learner×topic node (a counting sort).
        let group = |c: &Candidate| self.learner_topic_node.get(c.learner, c.topic);
        let mut first = vec![0u32; self.net.nodes() + 1];
        for c in &earlier.candidates {
            first[group(c)? + 1] += 1;
        }
        for v in 1..first.len() {
            first[v] += first[v - 1];
        }
        let mut next = first.clone();
        let mut members = vec![0u32; earlier.candidates.len()];
        for (i, c) in earlier.candidates.iter().enumerate() {
            let g = group(c)?;
            members[next[g] as usize] = i as u32;
            next[g] += 1;
        }
        // Each new candidate takes the first unused earlier one alike, looking first where
        // the last match in its group left off.
        let mut used = vec![false; earlier.candidates.len()];
        let mut cursor = first.clone();
        let mut carried = Vec::with_capacity(problem.candidates.len());
        for c in &problem.candidates {
            let g = group(c)?;
            let (start, end, from) = (first[g] as usize, first[g + 1] as usize, cursor[g] as usize);
            let alike = |at: usize| {
                let m = members[at] as usize;
                let e = &earlier.candidates[m];
                !used[m] && e.teacher == c.teacher && e.cost == c.cost
            };
            let found = (from..end).chain(start..from).find(|&at| alike(at));
            carried.push(found.map(|at| {
                let m = members[at] as usize;
                used[m] = true;
                cursor[g] = (at + 1) as u32;
                self.arcs[m]
            }));
        }
        used.iter().all(|&u| u).then_some(carried)
    }

    fn of(problem: &Problem) -> Graph {
        let mut g = Graph {
            net: Network::new(2),
            learner_topic_node: node_grid(problem),
            teacher_topic_node: node_grid(problem),
            teacher_node: vec![NO_NODE; problem.organisations],
            teacher_reach: vec![0; problem.organisations],
            topic_degree: Vec::new(),
            load_arcs: vec![0; problem.organisations],
            arcs: Vec::with_capacity(problem.candidates.len()),
        };
        let learner_node = g.add_learners(problem);
        for c in &problem.candidates {
            let l = learner_node[c.learner];
            let net = &mut g.net;
            let lt = g.learner_topic_node.get_or_make(c.learner, c.topic, || {
                let node = net.add_node();
                net.add_arc(l, node, 1, 0);
                node
            });
            let arc = g.add_candidate(problem, c, lt);
            g.arcs.push(arc);
        }
        g.add_load_arcs(problem);
        g
    }

    /// Each learner's node, with its units from the source and its "no teacher" arc. The flow
    /// takes learners in this order: those with the fewest candidates per topic first, whose
    /// few choices would otherwise be taken by learners with many, which leaves the later
    /// searches less to undo. Measured on the national first pass, nodes settled: 5.44 million
    /// in file order, 4.05 million fewest candidates first, 3.78 million fewest per topic (and
    /// 6.37 million most candidates first). Any order gives an optimal answer.
    fn add_learners(&mut self, problem: &Problem) -> Vec<usize> {
        let n = problem.organisations;
        let mut seen = node_grid(problem);
        let (mut topics_of, mut candidates_of) = (vec![0usize; n], vec![0usize; n]);
        for c in &problem.candidates {
            if seen.get(c.learner, c.topic).is_none() {
                seen.get_or_make(c.learner, c.topic, || 0);
                topics_of[c.learner] += 1;
            }
            candidates_of[c.learner] += 1;
        }
        let mut order: Vec<usize> = (0..n).filter(|&l| topics_of[l] > 0).collect();
        // a/ta < b/tb without division (a stable sort: ties stay in file order).
        crate::order::sort_positions(&mut order, &|a, b| (candidates_of[a] * topics_of[b]).cmp(&(candidates_of[b] * topics_of[a])));
        let mut learner_node = vec![NO_NODE; n];
        for learner in order {
            let node = self.net.add_node();
            let units = problem.max_topics.min(topics_of[learner] as i64);
            self.net.add_arc(SOURCE, node, units, 0);
            self.net.add_arc(node, SINK, units, 0);
            learner_node[learner] = node;
        }
        learner_node
    }

    /// A candidate's arc from its learner×topic node, with its teacher and teacher×topic nodes
    /// made as needed; returns the arc.
    fn add_candidate(&mut self, problem: &Problem, c: &Candidate, lt: usize) -> usize {
        let net = &mut self.net;
        if self.teacher_node[c.teacher] == NO_NODE {
            self.teacher_node[c.teacher] = net.add_node();
        }
        let t = self.teacher_node[c.teacher];
        let tt = self.teacher_topic_node.get_or_make(c.teacher, c.topic, || {
            let node = net.add_node();
            net.add_arc(node, t, problem.capacity, 0);
            let more = problem.set_size - problem.capacity;
            if more > 0 {
                net.add_arc(node, t, more, problem.weights.set_step);
            }
            node
        });
        // A teacher takes at most a set's worth on a topic, however many could learn it there:
        // arcs to the sink beyond that could never carry flow, yet every search through the
        // teacher would read them.
        self.topic_degree.resize(net.nodes(), 0);
        if self.topic_degree[tt] < problem.set_size.max(problem.capacity) {
            self.teacher_reach[c.teacher] += 1;
        }
        self.topic_degree[tt] += 1;
        net.add_arc(lt, tt, 1, c.cost - problem.weights.pair_reward)
    }

    /// Each teacher's arcs to the sink, one per learner it could take, up to what it may take
    /// (those it lacks: a later pass adds to an earlier one's).
    fn add_load_arcs(&mut self, problem: &Problem) {
        for (teacher, &node) in self.teacher_node.iter().enumerate().filter(|(_, &n)| n != NO_NODE) {
            let most = problem.capacity_total.unwrap_or(i64::MAX).min(self.teacher_reach[teacher]);
            let has = &mut self.load_arcs[teacher];
            for j in *has..most {
                self.net.add_arc(node, SINK, 1, problem.load_step(teacher, j));
            }
            *has = (*has).max(most);
        }
    }
}

impl Problem {
    /// The baseline a person might do by hand: each learner in turn, its cheapest candidates
    /// first (its most pressing topic, then the most similar teacher with the best gap), takes
    /// each whose teacher still has room. For comparison only.
    pub fn greedy(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.candidates.len()).collect();
        let key = |i: usize| (self.candidates[i].learner, self.candidates[i].cost, self.candidates[i].topic, i);
        crate::order::sort_positions(&mut order, &|a, b| key(a).cmp(&key(b)));
        let mut chosen = Vec::new();
        let mut taken: HashMap<(usize, usize), bool> = HashMap::default();
        let mut learner_load: HashMap<usize, i64> = HashMap::default();
        let mut teacher_topic: HashMap<(usize, usize), i64> = HashMap::default();
        let mut teacher_load: HashMap<usize, i64> = HashMap::default();
        for i in order {
            let c = self.candidates[i];
            if taken.get(&(c.learner, c.topic)).copied().unwrap_or(false)
                || *learner_load.get(&c.learner).unwrap_or(&0) >= self.max_topics
                || *teacher_topic.get(&(c.teacher, c.topic)).unwrap_or(&0) >= self.set_size.max(self.capacity)
                || self.capacity_total.is_some_and(|t| *teacher_load.get(&c.teacher).unwrap_or(&0) >= t)
            {
                continue;
            }
            taken.insert((c.learner, c.topic), true);
            *learner_load.entry(c.learner).or_default() += 1;
            *teacher_topic.entry((c.teacher, c.topic)).or_default() += 1;
            *teacher_load.entry(c.teacher).or_default() += 1;
            chosen.push(i);
        }
        chosen
    }
}
