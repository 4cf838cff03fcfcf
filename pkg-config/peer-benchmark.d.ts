// Types of the <peer-benchmark> element defined by dist/allteach.js.
import type { Options, Report } from "./allteach-core";

export interface PeerBenchmarkElement extends HTMLElement {
  /** Options as for analyse(); setting them re-runs the analysis. Attributes polarity, type, multiplier, benchmark and confidence ("95" or "99.8", for learning pairs) fill in options not set here. */
  options: Options;
  /** The last report, or null. */
  readonly report: Report | null;
  /** Analyse a file's bytes. Resolves to the report, or null when the file could not be analysed (the element shows why). */
  /** One file, or an array: the first is the data, the others are joined to it on the organisation code. */
  load(bytes: Uint8Array | ArrayBuffer | Array<Uint8Array | ArrayBuffer>, options?: Options): Promise<Report | null>;
  /** Cancel the analysis under way (in the background worker); its promise resolves to null. */
  cancel(): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "peer-benchmark": PeerBenchmarkElement;
  }
  interface HTMLElementEventMap {
    /** Fired (bubbling, composed) when a report is ready; detail is the report. */
    report: CustomEvent<Report>;
    /** Fired (bubbling, composed) when a file cannot be analysed; detail.message says why. */
    "analysis-error": CustomEvent<{ message: string }>;
  }
}
