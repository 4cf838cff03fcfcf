//! Plain words for outcomes, directions, findings and methods.

use crate::analysis::IndicatorResult;
use crate::chart::Mark;
use crate::options::IndicatorType;
use crate::stats::{Comparison, Polarity};

use super::OutcomeCount;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    P95,
    P998,
}

/// The five-level outcome from the 95 % and 99.8 % comparisons (Fingertips' two-level rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Better(Level),
    Similar,
    Worse(Level),
    Higher(Level),
    Lower(Level),
    NotCompared,
}

pub const ORDER: [Outcome; 10] = [
    Outcome::Better(Level::P998),
    Outcome::Better(Level::P95),
    Outcome::Higher(Level::P998),
    Outcome::Higher(Level::P95),
    Outcome::Similar,
    Outcome::Lower(Level::P95),
    Outcome::Lower(Level::P998),
    Outcome::Worse(Level::P95),
    Outcome::Worse(Level::P998),
    Outcome::NotCompared,
];

impl Outcome {
    pub fn from_pair(at95: Comparison, at998: Comparison) -> Outcome {
        let level = if at998.is_significant() { Level::P998 } else { Level::P95 };
        match at95 {
            Comparison::Better => Outcome::Better(level),
            Comparison::Worse => Outcome::Worse(level),
            Comparison::Higher => Outcome::Higher(level),
            Comparison::Lower => Outcome::Lower(level),
            Comparison::Similar => Outcome::Similar,
            Comparison::NotCompared => Outcome::NotCompared,
        }
    }

    pub fn level(self) -> Option<Level> {
        match self {
            Outcome::Better(l) | Outcome::Worse(l) | Outcome::Higher(l) | Outcome::Lower(l) => Some(l),
            _ => None,
        }
    }

    pub fn applies_to(self, polarity: Polarity) -> bool {
        match self {
            Outcome::Better(_) | Outcome::Worse(_) => polarity != Polarity::NoJudgement,
            Outcome::Higher(_) | Outcome::Lower(_) => polarity == Polarity::NoJudgement,
            _ => true,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Outcome::Better(Level::P998) => "better_998",
            Outcome::Better(Level::P95) => "better_95",
            Outcome::Higher(Level::P998) => "higher_998",
            Outcome::Higher(Level::P95) => "higher_95",
            Outcome::Similar => "similar",
            Outcome::Lower(Level::P95) => "lower_95",
            Outcome::Lower(Level::P998) => "lower_998",
            Outcome::Worse(Level::P95) => "worse_95",
            Outcome::Worse(Level::P998) => "worse_998",
            Outcome::NotCompared => "not_compared",
        }
    }

    pub fn mark(self) -> Mark {
        match self {
            Outcome::Better(_) => Mark::Better,
            Outcome::Worse(_) => Mark::Worse,
            Outcome::Higher(_) => Mark::Higher,
            Outcome::Lower(_) => Mark::Lower,
            Outcome::Similar => Mark::Similar,
            Outcome::NotCompared => Mark::NotCompared,
        }
    }

    /// E.g. "Significantly worse than the benchmark (99.8% confidence)".
    pub fn sentence(self, benchmark: &str) -> String {
        let level = |l: Level| match l {
            Level::P998 => "99.8% confidence",
            Level::P95 => "95% confidence",
        };
        match self {
            Outcome::Better(l) => format!("Significantly better than {benchmark} ({})", level(l)),
            Outcome::Worse(l) => format!("Significantly worse than {benchmark} ({})", level(l)),
            Outcome::Higher(l) => format!("Significantly higher than {benchmark} ({})", level(l)),
            Outcome::Lower(l) => format!("Significantly lower than {benchmark} ({})", level(l)),
            Outcome::Similar => format!("Similar to {benchmark}"),
            Outcome::NotCompared => "Not compared".into(),
        }
    }
}

pub fn direction(p: Polarity) -> &'static str {
    match p {
        Polarity::HigherIsBetter => "Higher is better.",
        Polarity::LowerIsBetter => "Lower is better.",
        Polarity::NoJudgement => "Neither higher nor lower is better: differences are described as higher or lower.",
    }
}

/// The direction in a few words, for a column heading: "Higher is better".
pub fn short_direction(p: Polarity) -> &'static str {
    match p {
        Polarity::HigherIsBetter => "Higher is better",
        Polarity::LowerIsBetter => "Lower is better",
        Polarity::NoJudgement => "Neither is better",
    }
}

/// "Significantly worse…" → "significantly worse…", to continue a sentence.
pub fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "1 organisation", "3 organisations".
pub fn count_of(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", super::thousands(n as f64))
    }
}

/// "is" or "are", agreeing with a count.
pub fn is_are(n: usize) -> &'static str {
    if n == 1 {
        "is"
    } else {
        "are"
    }
}

/// "A", "A and B", "A, B and C".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The finding in one or two sentences: the figure's caption.
pub fn caption(ind: &IndicatorResult, counts: &[OutcomeCount]) -> String {
    let total = ind.organisations.len();
    let count = |keys: &[&str]| counts.iter().filter(|c| keys.contains(&c.key)).map(|c| c.count).sum::<usize>();
    let (up, down, up_word, down_word) = match ind.polarity {
        Polarity::NoJudgement => (count(&["higher_95", "higher_998"]), count(&["lower_95", "lower_998"]), "higher", "lower"),
        _ => (count(&["better_95", "better_998"]), count(&["worse_95", "worse_998"]), "better", "worse"),
    };
    let up998 = count(&["better_998", "higher_998"]);
    let down998 = count(&["worse_998", "lower_998"]);
    let similar = count(&["similar"]);
    let are = |n: usize| if n == 1 { "is" } else { "are" };
    let adjusted = if ind.overdispersion.as_ref().is_some_and(|od| od.adjusted) { " Positions are against limits widened for over-dispersion." } else { "" };
    format!(
        "{}: of {total} organisations, {up} {} significantly {up_word} than the benchmark ({up998} of them at 99.8% confidence), {down} {} significantly {down_word} ({down998} at 99.8%), and {similar} {} similar.{adjusted}",
        ind.name,
        are(up),
        are(down),
        are(similar)
    )
}

/// Method and sources, in plain words.
pub fn method(ind: &IndicatorResult) -> String {
    let benchmark = match ind.benchmark.method {
        "pooled" => "the pooled value of all organisations (total numerator divided by total denominator)",
        "median" => "the median of the organisations' values",
        "organisation" => "the value of the named benchmark organisation",
        "expected" => "observed equals expected (a ratio of 1)",
        _ => "a fixed target",
    };
    let (what, funnel) = match ind.indicator_type {
        IndicatorType::Proportion => (
            "Proportions with Wilson score confidence intervals at 95% and 99.8% (as PHEindicatormethods phe_proportion and Fingertips).",
            " Funnel limits are PHE's inverse-Wilson limits around the benchmark, so a point outside a limit is exactly an organisation whose interval excludes the benchmark.",
        ),
        IndicatorType::Rate => (
            "Rates with exact Poisson confidence intervals for counts below 10 and Byar's method from 10 (as PHEindicatormethods phe_rate and Fingertips).",
            " Funnel limits are exact Poisson limits around the benchmark (PHE calculate_funnel_limits).",
        ),
        IndicatorType::Ratio => (
            "Ratios of observed to expected counts, with exact Poisson (below 10) or Byar confidence intervals on the observed count divided by the expected (PHEindicatormethods calculate_ISRatio).",
            " Funnel limits are exact Poisson limits around the benchmark (PHE calculate_funnel_limits).",
        ),
        IndicatorType::Mean => ("Means with Student's t confidence intervals (PHEindicatormethods phe_mean).", ""),
        IndicatorType::Value => ("Values without confidence intervals: they cannot be judged significantly different, only placed in the distribution.", ""),
    };
    let od = match &ind.overdispersion {
        Some(od) if od.adjusted => format!(
            " The funnel limits are widened for over-dispersion by FunnelPlotR's additive random-effects method (Spiegelhalter 2005): φ = {:.2}, τ² = {:.5}; the marks show positions against these widened limits, while the table's comparison uses the unadjusted intervals.",
            od.phi, od.tau2
        ),
        Some(od) => format!(" Over-dispersion: φ = {:.2} (FunnelPlotR's method; above 1 means more variation than chance alone); the limits are not adjusted.", od.phi),
        None => String::new(),
    };
    let quartiles = " Rank 1 is the best. Quartiles follow PHE's phe_quantile. Opportunities say how much the numerator would have to change for a significantly worse organisation to reach the benchmark or the best quarter, with the range its 95% interval allows; they overlap and must not simply be added up across organisations.";
    format!(
        "{what} Benchmark: {benchmark}. An organisation is significantly different when its interval does not include the benchmark (the Fingertips rule).{funnel}{od}{quartiles}"
    )
}

/// A header as a title says it: database names ("PRACTICE_LIST_SIZE", "arriving_by_ambulance")
/// become words ("Practice list size", "Arriving by ambulance"); headers already in words stay.
pub fn display_header(header: &str) -> String {
    crate::dataset::sentence(&crate::dataset::header_words(header))
}

#[cfg(test)]
mod display_tests {
    #[test]
    fn database_headers_become_words() {
        use super::display_header;
        assert_eq!(display_header("PRACTICE_LIST_SIZE"), "Practice list size");
        assert_eq!(display_header("arriving_by_ambulance"), "Arriving by ambulance");
        assert_eq!(display_header("Type 1 attendances"), "Type 1 attendances");
        assert_eq!(display_header("IMD"), "IMD");
    }
}
