// Types of dist/allteach-core.mjs (the DOM-free core). See the README for the meaning of each field.

export type Polarity = "higher_is_better" | "lower_is_better" | "no_judgement";
export type Comparison = "better" | "similar" | "worse" | "higher" | "lower" | "not_compared";
export type FunnelPosition = "high_998" | "high_95" | "not_significant" | "low_95" | "low_998";

/** What a record file made into a cohort held (`report.cohort`). */
export interface CohortSummary {
  rule: string;
  min_events: number;
  window_days: number;
  from: string;
  as_of: string;
  events: number;
  events_in_window: number;
  people_in_window: number;
  people_in_cohort: number;
  events_of_cohort: number;
  organisations: number;
  population: string | null;
  series: string[];
  looks_like_nhs_numbers: boolean;
}

export interface Options {
  columns?: { code?: string; name?: string; indicator?: string; numerator?: string | string[]; denominator?: string | string[]; complement?: boolean; period?: string; value?: string; sd?: string; group?: string; context?: string[] };
  filter?: Record<string, string | number | Array<string | number>>;
  type?: "proportion" | "rate" | "ratio" | "mean" | "value";
  polarity?: Polarity;
  multiplier?: number;
  benchmark?: "pooled" | "median" | number | { code: string };
  sheet?: string | number;
  indicators?: Array<{ id: string; name?: string; numerator?: string; denominator?: string; value?: string; type?: "proportion" | "rate" | "ratio" | "mean" | "value"; polarity?: Polarity; multiplier?: number }>;
  overdispersion?: { method?: "none" | "auto" | "additive"; trim?: number; sr_method?: "shmi" | "cqc" };
  peers?: { k?: number; weights?: Record<string, number>; within?: string; sqrt?: string[] };
  pairing?: { confidence?: 0.95 | 0.998; capacity?: number; set_size?: number; max_distance?: number; capacity_total?: number; max_topics?: number; teachers?: "better" | "improving" | "both" };
  spc?: { screen_outliers?: boolean; fix_after?: number; rebase?: string[]; target?: number; bin?: "day" | "week" | "month" };
  period?: string | { from: string; to: string };
  join?: Array<{ code?: string }>;
  bin?: "week" | "month" | "quarter" | "year" | "financial_year";
  /** A record file (one row per event) made into cohort indicators per organisation. */
  cohort?: { person?: string; date?: string; by?: string; min_events?: number; window_days?: number; as_of?: string; population?: string };
}

// The report's types, field for field: tests/e2e/types.test.mjs fails if a report holds a field
// these do not declare, lacks one they declare, or holds null where they do not allow it.

export type IndicatorType = "proportion" | "rate" | "ratio" | "mean" | "value";
export type PointType = "common_cause" | "special_cause_improvement" | "special_cause_concern" | "special_cause_neutral_high" | "special_cause_neutral_low";
export interface Change { count: number; lower: number; upper: number }

export interface SpcPoint { period: string; value: number | null; mean: number | null; lpl: number | null; upl: number | null; point_type: PointType; rule: string | null }

export interface Organisation {
  code: string;
  name: string | null;
  row: number;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  ci95: [number | null, number | null];
  ci998: [number | null, number | null];
  comparison: Comparison;
  comparison998: Comparison;
  funnel: FunnelPosition | null;
  funnel_adjusted: FunnelPosition | null;
  rank: number;
  quartile: 1 | 2 | 3 | 4 | null;
  spc: { mean: number | null; lpl: number | null; upl: number | null; variation: string; assurance: string | null; short: boolean; points: SpcPoint[] } | null;
  peers: string[] | null;
  peer_rank: number | null;
  peer_benchmark: number | null;
  comparison_peers: Comparison;
  opportunity: { to_benchmark: Change; to_best_quartile: Change | null; best_quartile_value: number | null; to_peer_best_quartile: Change | null; peer_best_quartile_value: number | null } | null;
}

export interface Indicator {
  id: string;
  name: string;
  type: IndicatorType;
  polarity: Polarity;
  multiplier: number;
  benchmark: { value: number | null; method: "pooled" | "median" | "value" | "organisation" | "expected" | "withheld"; code: string | null };
  overdispersion: { phi: number | null; tau2: number | null; adjusted: boolean; method: string; trim: number; changed: string[] } | null;
  over_time: { period: string; periods: number; improving: string[]; concerning: string[]; most_improved: Array<{ code: string; change: number }> } | null;
  organisations: Organisation[];
}

/** A decision a person could make differently: the options path that changes it, and its alternatives. */
export interface Choice {
  option: string;
  about: string;
  chosen: unknown;
  alternatives: Array<{ value: unknown; label: string; rows: number | null }>;
  reason: string;
}

export interface Excluded { row: number; column: string | null; reason: string }

export interface Report {
  version: string;
  rows: { read: number; used: number; excluded: Excluded[]; partly_used: Excluded[] };
  columns: {
    code: string | null; name: string | null; indicator: string | null; period: string | null; numerator: string | null; denominator: string | null; value: string | null; sd: string | null;
    numerator_also: string[]; denominator_also: string[]; complement: boolean;
  };
  headers: string[];
  header_row: number;
  numeric_headers: string[];
  context_headers: string[];
  sheets: string[];
  sheet: string | null;
  indicators: Indicator[];
  peers: { variables: Array<{ name: string; weight: number; sqrt: boolean }>; k: number | null; within: string | null; organisations: Array<{ code: string; peers: Array<{ code: string; distance: number | null; similar_on: string[] }> }> } | null;
  pairings: Array<{ indicator: string; learner: string; teacher: string; learner_name: string | null; teacher_name: string | null; distance: number | null; gap: number; peer_rank: number | null; reciprocal: boolean; set: number; beyond_peers: boolean; reasons: string[] }>;
  roles: Array<{ code: string; name: string | null; teaches: string[]; learns: string[] }>;
  pairing_summary: { confidence: number; learners: number; matched: number; organisations: number; teach: number; learn: number; both: number; share_both: number; unmatched: number; learning_sets: number; teaching_load: number[];
    /** The pairing options in force: each given one, or its default. */
    capacity: number; set_size: number; max_topics: number; max_distance: number | null; capacity_total: number | null; teachers: "better" | "improving" | "both" } | null;
  unmatched: Array<{ indicator: string; learner: string; learner_name: string | null; reason: string }>;
  warnings: string[];
  /** What was judged from the file's shape (breakdowns, kind of area, benchmark row, lists, periods, direction). */
  choices: Choice[];
  joins: Array<{ file: number; code_column: string; matched: number; unmatched: string[]; columns: string[]; repeated: number }>;
  published_intervals: { compared: number; agree: number; largest_difference: number; largest_relative_difference: number; values_differ: number; counts_rounded: boolean } | null;
  /** A record file made into a cohort (`options.cohort`); never a person's identifier. */
  cohort: CohortSummary | null;
  period_compared: { from: string; to: string; labels: string[] } | null;
  /** How the charts over time group a daily series (`spc.bin`, or judged): each SPC point then stands at its week's or month's first day. */
  spc_bin: "week" | "month" | null;
}

/** Analyse a CSV file's bytes. Throws an Error (message in words) only when nothing usable can be read. */
export function analyse(bytes: Uint8Array | ArrayBuffer | Array<Uint8Array | ArrayBuffer>, options?: Options): Report;
/** Read and map only, without the analysis: a quick preview of a (large) file. */
export function inspect(bytes: Uint8Array | ArrayBuffer, options?: Options): {
  headers: string[]; header_row: number; sheets: string[]; sheet: string | null;
  rows_read: number; rows_used: number; rows_excluded: number; indicators: string[]; periods: number;
};
/** What the settings show for a file that may not analyse yet; throws only when the bytes are not a table. */
export function describe(bytes: Uint8Array | ArrayBuffer | Array<Uint8Array | ArrayBuffer>, options?: Options): {
  headers: string[]; header_row: number; sheets: string[]; sheet: string | null;
  columns: Record<"code" | "name" | "indicator" | "period" | "numerator" | "denominator" | "value" | "sd", string | null>;
  numeric_headers: string[]; choices: Choice[]; question: Choice | null;
};
/** The same report as JSON text, e.g. to write to a file. */
export function analyseJson(bytes: Uint8Array | ArrayBuffer | Array<Uint8Array | ArrayBuffer>, options?: Options): string;
/** True once the core has hit a bug (a Rust panic): reload before analysing again. */
export function panicked(): boolean;
/** The library version, e.g. "0.1.0". */
export function version(): string;
