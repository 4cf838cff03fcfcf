// Types of dist/allteach-core.mjs (the DOM-free core). See the README for the meaning of each field.

export type Polarity = "higher_is_better" | "lower_is_better" | "no_judgement";
export type Comparison = "better" | "similar" | "worse" | "higher" | "lower" | "not_compared";
export type FunnelPosition = "high_998" | "high_95" | "not_significant" | "low_95" | "low_998";

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
  spc?: { screen_outliers?: boolean; fix_after?: number; rebase?: string[]; target?: number };
  period?: string | { from: string; to: string };
  join?: Array<{ code?: string }>;
}

export interface Organisation {
  code: string;
  name: string | null;
  row: number;
  numerator: number;
  denominator: number;
  value: number;
  ci95: [number, number];
  ci998: [number, number];
  comparison: Comparison;
  comparison998: Comparison;
  funnel: FunnelPosition | null;
}

export interface Indicator {
  id: string;
  name: string;
  type: "proportion";
  polarity: Polarity;
  multiplier: number;
  benchmark: { value: number | null; method: "pooled" | "median" | "value" | "organisation"; code: string | null };
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

/** Fields beyond those typed here (peers, pairings, roles, SPC...) are described in the README. */
export interface Report {
  version: string;
  rows: { read: number; used: number; excluded: Array<{ row: number; column: string | null; reason: string }>; partly_used: Array<{ row: number; column: string | null; reason: string }> };
  columns: { code: string | null; name: string | null; indicator: string | null; numerator: string | null; denominator: string | null };
  headers: string[];
  header_row: number;
  indicators: Indicator[];
  warnings: string[];
  /** What was judged from the file's shape (breakdowns, kind of area, benchmark row, lists, direction). */
  choices: Choice[];
  [more: string]: unknown;
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
