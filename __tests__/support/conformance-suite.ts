/**
 * The shapes both conformance replays share (conformance/*.json, the Pages
 * Router suite and the App Router suite) and typed handles on the plain
 * CommonJS client and comparer they share with scripts/record-golden.js.
 */
export type Recorded = Record<string, unknown> & { log?: Array<[string, string]>; withoutPages?: Recorded };

export interface Case {
  id: string;
  spec: string;
  method: string;
  path: string;
  headers?: Record<string, string | string[]>;
  timeoutMs?: number;
}

export interface Diff {
  field: string;
  expected: unknown;
  actual: unknown;
  message: string;
}

/** One entry of a differences.json: a deliberate difference, with its reason. */
export interface DifferenceEntry {
  caseId: string;
  reason: string;
  hosts?: string[];
  compare?: string[];
  allow?: string[];
  /** [from, to] text replacements applied to this host's answer before comparing; `{{port}}` is its port. */
  replace?: Array<[string, string]>;
  /** Next's answer is compressed (its compression middleware): compare with its body inflated and without Content-Encoding. */
  uncompress?: boolean;
  /** Top-level keys of a JSON body left out of the comparison. */
  ignoreJsonKeys?: string[];
}

export const conformanceClient = require('../../conformance/client') as {
  runCase(base: string, c: Case, ctx: { previewModeId?: string; responses?: Record<string, Recorded> }): Promise<Recorded>;
  usesCookiePlaceholder(c: Case): boolean;
};

export const conformanceCompare = require('../../conformance/compare') as {
  compare(expected: Recorded, actual: Recorded, opts?: object): Diff[];
  isAllowed(diff: Diff, entry: DifferenceEntry | undefined, host?: string): boolean;
  formatDiffs(caseId: string, diffs: Diff[]): string;
  normaliseLogLine(line: string): string;
};
