/** One sample of the Prometheus text exposition format. */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A metric family: its TYPE, HELP and samples. */
export interface PromFamily {
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string;
  samples: PromSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const SUFFIXES: Record<PromFamily['type'], string[]> = {
  counter: ['', '_total', '_created'],
  gauge: [''],
  histogram: ['_bucket', '_sum', '_count', '_created'],
  summary: ['', '_sum', '_count', '_created'],
  untyped: [''],
};

/**
 * A strict parser of the Prometheus text format (version 0.0.4), for tests: every line must be a HELP, a TYPE
 * or a sample of a declared family; names, labels, escapes and values must be well formed; a histogram's
 * buckets must be cumulative and end with `+Inf` equal to its `_count`. Throws on the first thing that is not.
 */
export function parsePromText(text: string): Map<string, PromFamily> {
  if (!text.endsWith('\n')) throw new Error('exposition must end with a newline');
  const families = new Map<string, PromFamily>();
  const lines = text.split('\n').slice(0, -1);
  lines.forEach((line, i) => {
    const where = `line ${i + 1}: ${line.slice(0, 80)}`;
    if (line === '') return;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) {
        if (/^# (HELP|TYPE)\b/.test(line)) throw new Error(`malformed comment, ${where}`);
        return; // other comments are allowed
      }
      const [, kind, name, rest] = m as unknown as [string, 'HELP' | 'TYPE', string, string];
      if (!NAME.test(name)) throw new Error(`bad metric name, ${where}`);
      const fam = families.get(name) ?? { type: 'untyped' as const, help: '', samples: [] };
      if (kind === 'TYPE') {
        if (!(rest in SUFFIXES)) throw new Error(`unknown type, ${where}`);
        if (fam.samples.length > 0) throw new Error(`TYPE after samples, ${where}`);
        fam.type = rest as PromFamily['type'];
      } else fam.help = rest;
      families.set(name, fam);
      return;
    }
    const sample = parseSample(line, where);
    const fam = familyOf(sample.name, families);
    if (!fam) throw new Error(`sample of an undeclared family, ${where}`);
    fam.samples.push(sample);
  });
  for (const [name, fam] of families) if (fam.type === 'histogram') checkHistogram(name, fam);
  return families;
}

function parseSample(line: string, where: string): PromSample {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)( -?\d+)?$/.exec(line);
  if (!m) throw new Error(`malformed sample, ${where}`);
  const labels: Record<string, string> = {};
  if (m[2]) {
    let rest = m[2].slice(1, -1);
    while (rest.length > 0) {
      const l = /^([^=]+)="((?:[^"\\\n]|\\[\\"n])*)"(,?)/.exec(rest);
      if (!l || !LABEL.test(l[1]!)) throw new Error(`malformed label, ${where}`);
      if (l[1]! in labels) throw new Error(`duplicate label, ${where}`);
      labels[l[1]!] = l[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
      rest = rest.slice(l[0].length);
      if (l[3] === '' && rest.length > 0) throw new Error(`missing comma between labels, ${where}`);
    }
  }
  const raw = m[3]!;
  const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : raw === 'NaN' ? NaN : /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw) ? Number(raw) : undefined;
  if (value === undefined) throw new Error(`bad value, ${where}`);
  return { name: m[1]!, labels, value };
}

function familyOf(name: string, families: Map<string, PromFamily>): PromFamily | undefined {
  for (const [base, fam] of families) for (const suffix of SUFFIXES[fam.type]) if (name === base + suffix) return fam;
  return undefined;
}

function checkHistogram(name: string, fam: PromFamily): void {
  const series = new Map<string, { buckets: [number, number][]; count?: number }>();
  for (const s of fam.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (s.name === `${name}_bucket`) {
      if (le === undefined) throw new Error(`${name}: bucket without le`);
      entry.buckets.push([le === '+Inf' ? Infinity : Number(le), s.value]);
    } else if (s.name === `${name}_count`) entry.count = s.value;
  }
  for (const [key, { buckets, count }] of series) {
    const last = buckets.at(-1);
    if (!last || last[0] !== Infinity) throw new Error(`${name}${key}: no +Inf bucket`);
    for (let i = 1; i < buckets.length; i++) {
      if (!(buckets[i]![0] > buckets[i - 1]![0]) || buckets[i]![1] < buckets[i - 1]![1]) throw new Error(`${name}${key}: buckets not cumulative`);
    }
    if (count !== last[1]) throw new Error(`${name}${key}: +Inf bucket ${last[1]} != count ${count}`);
  }
}
