//! The pairing problem in numbers, its exact solution, and its objective (shared with the
//! brute-force test oracle, so the two cannot define "optimal" differently).

use super::flow::Network;

/// A possible pair: `teacher` could teach `learner` on `topic` (an indicator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub learner: usize,
    pub teacher: usize,
    pub topic: usize,
    /// Cost of the pair itself (lower is better): dissimilarity minus informativeness.
    pub cost: i64,
}

/// Weights of the objective, in integer units. The defaults make the number of pairs dominate,
/// then trade similarity (1,000 per unit of rebased distance) and gap (up to 100) against
/// spreading the teaching (each further learner of a teacher costs 200 more than the last; the
/// first learner of an organisation that has something to learn itself earns 300).
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
        Weights { pair_reward: 1_000_000, load_step: 200, both_bonus: 300, set_step: 10_000 }
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
        use std::collections::HashMap;
        let mut per_learner_topic: HashMap<(usize, usize), i64> = HashMap::new();
        let mut per_learner: HashMap<usize, i64> = HashMap::new();
        let mut per_teacher_topic: HashMap<(usize, usize), i64> = HashMap::new();
        let mut per_teacher: HashMap<usize, i64> = HashMap::new();
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

    /// The optimal set of candidates (indexes), by minimum-cost flow.
    ///
    /// source → learner (capacity: its topics, at most `max_topics`) → learner×topic (1) →
    /// teacher×topic (1 per candidate, cost of the pair) → teacher (`capacity` free, then up to
    /// `set_size` at `set_step` each) → sink (one arc
    /// per further learner, at the rising cost of [`Problem::load_step`]). Each learner also has
    /// a zero-cost arc straight to the sink: "no teacher" for that unit.
    pub fn solve(&self) -> Vec<usize> {
        use std::collections::BTreeMap;
        let mut net = Network::new(2);
        let (source, sink) = (0, 1);
        let mut learner_node: BTreeMap<usize, usize> = BTreeMap::new();
        let mut learner_topic_node: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        let mut teacher_topic_node: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        let mut teacher_node: BTreeMap<usize, usize> = BTreeMap::new();
        let mut teacher_degree: BTreeMap<usize, i64> = BTreeMap::new();
        let mut candidate_arcs = Vec::with_capacity(self.candidates.len());
        let mut topics_of: BTreeMap<usize, std::collections::BTreeSet<usize>> = BTreeMap::new();
        for c in &self.candidates {
            topics_of.entry(c.learner).or_default().insert(c.topic);
        }
        for (&learner, topics) in &topics_of {
            let node = net.add_node();
            let units = self.max_topics.min(topics.len() as i64);
            net.add_arc(source, node, units, 0);
            net.add_arc(node, sink, units, 0);
            learner_node.insert(learner, node);
        }
        for c in &self.candidates {
            let l = learner_node[&c.learner];
            let lt = *learner_topic_node.entry((c.learner, c.topic)).or_insert_with(|| {
                let node = net.add_node();
                net.add_arc(l, node, 1, 0);
                node
            });
            let t = *teacher_node.entry(c.teacher).or_insert_with(|| net.add_node());
            let tt = *teacher_topic_node.entry((c.teacher, c.topic)).or_insert_with(|| {
                let node = net.add_node();
                net.add_arc(node, t, self.capacity, 0);
                let more = self.set_size - self.capacity;
                if more > 0 {
                    net.add_arc(node, t, more, self.weights.set_step);
                }
                node
            });
            *teacher_degree.entry(c.teacher).or_default() += 1;
            candidate_arcs.push(net.add_arc(lt, tt, 1, c.cost - self.weights.pair_reward));
        }
        for (&teacher, &node) in &teacher_node {
            let most = self.capacity_total.unwrap_or(i64::MAX).min(teacher_degree[&teacher]);
            for j in 0..most {
                net.add_arc(node, sink, 1, self.load_step(teacher, j));
            }
        }
        net.min_cost_flow(source, sink);
        candidate_arcs.iter().enumerate().filter(|(_, &a)| net.flow(a) > 0).map(|(i, _)| i).collect()
    }
}

impl Problem {
    /// The baseline a person might do by hand: each learner×topic in turn takes its cheapest
    /// candidate (most similar, best gap) whose teacher still has room. For comparison only.
    pub fn greedy(&self) -> Vec<usize> {
        use std::collections::HashMap;
        let mut order: Vec<usize> = (0..self.candidates.len()).collect();
        order.sort_by_key(|&i| (self.candidates[i].learner, self.candidates[i].topic, self.candidates[i].cost, i));
        let mut chosen = Vec::new();
        let mut taken: HashMap<(usize, usize), bool> = HashMap::new();
        let mut learner_load: HashMap<usize, i64> = HashMap::new();
        let mut teacher_topic: HashMap<(usize, usize), i64> = HashMap::new();
        let mut teacher_load: HashMap<usize, i64> = HashMap::new();
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
