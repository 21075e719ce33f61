// Live parity with pandas: the readers' dtypes, dropped rows, values and profiles against
// what pandas 1.5 (`read_csv` with its defaults, then `dropna()`) makes of the same files, on
// tricky CSV cells, random float text, and the shared bias fixtures. Skips, with the reason,
// where Debian's python3-pandas is missing (apt-get install -y --no-install-recommends python3-pandas).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDatasetConfig } from '../../src/data/dataset-config.js';
import { openDataset } from '../../src/data/open-dataset.js';
import { parseFloat64 } from '../../src/data/pandas-text.js';
import { pythonFloatRepr } from '../../src/python/float.js';
import { parseLocation } from '../../src/storage/location.js';
import type { ColumnDtype } from '../../src/table/table.js';
import { PYTHON, runPython } from '../helpers/python.js';

function pandasUnavailableReason(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import pandas; print(pandas.__version__)'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} not found (${probe.error.message})`;
  if (probe.status !== 0) return 'python3-pandas is not installed (apt-get install -y --no-install-recommends python3-pandas)';
  return undefined;
}

const reason = pandasUnavailableReason();
const FIXTURES = join(__dirname, '../fixtures/bias');
const work = mkdtempSync(join(tmpdir(), 'clarify-ts-pandas-parity-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A value as a tagged string, the same on both sides: i:1, f:1.5, b:True, s:text. */
type Tagged = string;

interface Reading {
  readonly dtypes: Record<string, string>;
  readonly rowsRead: number;
  readonly rows: number;
  readonly columns: Record<string, { values: Tagged[]; unique: Tagged[]; first: Tagged | null; max: Tagged | null; nunique: number }>;
}

// pandas' side: the frame as Clarify builds it (README A1-A3), every value tagged.
const PANDAS_READ = String.raw`
import io, json, sys, math
import numpy as np, pandas as pd
def tag(v):
    if isinstance(v, (bool, np.bool_)): return 'b:' + str(bool(v))
    if isinstance(v, (int, np.integer)): return 'i:' + str(int(v))
    if isinstance(v, (float, np.floating)): return 'f:' + repr(float(v))
    return 's:' + str(v)
out = []
for case in json.load(sys.stdin):
    if case['kind'] == 'csv':
        if case.get('headers') is not None:
            df = pd.read_csv(case['path'], header=None, names=case['headers'])
        else:
            df = pd.read_csv(case['path'])
    else:
        rows = []
        for line in open(case['path'], encoding='utf-8'):
            if not line.strip(): continue
            record = json.loads(line)
            row = list(record[case['features']])
            if case.get('label'): row.append(record.get(case['label']))
            if case.get('predicted'): row.append(record.get(case['predicted']))
            rows.append(row)
        df = pd.DataFrame(rows, columns=case['headers'])
    dtypes = {str(c): str(t) for c, t in df.dtypes.items()}
    rows_read = len(df)
    df = df.dropna().reset_index(drop=True)
    columns = {}
    for c in df.columns:
        s = df[c]
        numeric = str(s.dtype) in ('int64', 'float64', 'bool')
        columns[str(c)] = {
            'values': [tag(v) for v in s.tolist()],
            'unique': [tag(v) for v in pd.unique(s)],
            'nunique': int(s.nunique()),
            'first': tag(s.iloc[0]) if len(s) else None,
            'max': (tag(int(s.max())) if str(s.dtype) == 'bool' else tag(s.max())) if numeric and len(s) else None,
        }
    out.append({'dtypes': dtypes, 'rowsRead': rows_read, 'rows': len(df), 'columns': columns})
json.dump(out, sys.stdout)
`;

function tagOf(value: string | number | boolean, dtype: ColumnDtype): Tagged {
  if (typeof value === 'boolean') return `b:${value ? 'True' : 'False'}`;
  if (typeof value === 'string') return `s:${value}`;
  if (dtype === 'int64') return `i:${value}`;
  if (dtype === 'bool') return `b:${value === 1 ? 'True' : 'False'}`;
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'f:nan' : value > 0 ? 'f:inf' : 'f:-inf';
  return `f:${pythonFloatRepr(value)}`;
}

interface Case {
  readonly kind: 'csv' | 'jsonl';
  readonly path: string;
  readonly headers?: readonly string[];
  readonly features?: string;
  readonly label?: string;
  readonly predicted?: string;
}

async function ours(c: Case): Promise<Reading> {
  const config: Record<string, unknown> = { dataset_type: c.kind === 'csv' ? 'text/csv' : 'application/jsonlines' };
  if (c.headers) config['headers'] = c.headers;
  if (c.features) config['features'] = c.features;
  if (c.label) config['label'] = c.label;
  if (c.predicted) config['predicted_label'] = c.predicted;
  // Small batches and a tight distinct limit still give whole columns.
  const dataset = await openDataset(checkDatasetConfig(config), parseLocation('data', c.path), { batchRows: 97 });
  const profile = await dataset.profile();
  const columns: Reading['columns'] = {};
  for (const column of profile.columns) columns[column.name] = { values: [], unique: [], first: null, max: null, nunique: 0 };
  for await (const batch of dataset.batches(profile)) {
    for (const [name, column] of batch.columns) {
      for (const value of column.values) columns[name]!.values.push(tagOf(value as string | number | boolean, column.dtype));
    }
  }
  for (const column of profile.columns) {
    const entry = columns[column.name]!;
    entry.unique = (column.values ?? []).map((v) => tagOf(v, column.dtype));
    entry.nunique = column.distinct ?? -1;
    entry.first = column.first === undefined ? null : tagOf(column.first, column.dtype);
    entry.max = column.max === undefined ? null : column.dtype === 'bool' ? `i:${column.max}` : tagOf(column.max, column.dtype);
  }
  return {
    dtypes: Object.fromEntries(profile.columns.map((c) => [c.name, c.dtype])),
    rowsRead: profile.rowsRead,
    rows: profile.rows,
    columns,
  };
}

function pandas(cases: readonly Case[]): Reading[] {
  return JSON.parse(runPython(PANDAS_READ, JSON.stringify(cases))) as Reading[];
}

// Cells whose reading pandas decides in a way worth pinning: each body is one CSV file.
const TRICKY: Record<string, string> = {
  ints: 'a,b\n1,x\n-0,y\n+5,z\n007,w\n 8 ,v\n',
  intWithMissing: 'a,b\n1,x\nNA,y\n2,z\n',
  floats: 'a,b\n1,x\n1e5,y\n.5,z\n5.,w\n-0.0,v\n+1.5,u\n 2.5 ,t\n',
  infinities: 'a,b\n1,x\ninf,y\n-Inf,z\n+INF,w\nInfinity,v\n',
  notFloats: 'a,b\n1,x\n1e400,y\n',
  nanSpellings: 'a,b,c\n1,NAN,x\nnan,2,y\n3,4,z\n',
  noneIsText: 'a,b\n1,None\n2,x\n',
  bools: 'a,b\nTrue,1\nFALSE,2\ntrue,3\n',
  boolsWithMissing: 'a,b\nTrue,1\n,2\nFalse,3\n',
  boolAndInt: 'a,b\nTrue,1\n1,2\n',
  quotedNumbers: 'a,b\n"1",x\n"2","y,z"\n',
  quotedNewline: 'a,b\n1,"x\ny"\n2,"q""r"\n',
  blankLines: 'a,b\n1,2\n\n   \n\t\n3,4\n',
  emptyCellsLine: 'a,b\n1,2\n,\n3,4\n',
  fewerFields: 'a,b,c\n1,2\n3,4,5\n6,7,8\n',
  whitespaceCell: 'a,b\n1,  \n2,3\n',
  duplicateHeader: 'a,a,a.1,\n1,2,3,4\n',
  crlf: 'a,b\r\n1,2\r\n3,4\r\n',
  crOnly: 'a,b\r1,2\r3,4\r',
  bom: '\ufeffa,b\n1,2\n',
  noFinalNewline: 'a,b\n1,2\n3,4',
  headerOnly: 'a,b\n',
  allMissingColumn: 'a,b\n1,\n2,\n',
  overflowThenFloat: 'a,b\n9223372036854775808,x\n1.5,y\n',
  floatThenHuge: 'a,b\n1.5,x\n99999999999999999999999,y\n',
  hugeThenFloat: 'a,b\n99999999999999999999999,x\n1.5,y\n',
  overflowWithMissing: 'a,b\n9223372036854775808,x\nNA,y\n3,z\n',
  negativeOverflow: 'a,b\n-1,x\n9223372036854775808,y\n',
  longDigits: 'a,b\n0.30000000000000004,x\n0.00000000000000001234,y\n123456789012345678901234567890.5,z\n',
  // (int64 values beyond 2^53 are read as the nearest double: see csv-dataset.test.ts.)
  unicode: 'a,b\nzé,1\n日本,2\n',
};

describe.skipIf(reason !== undefined)('pandas parity', () => {
  it('reads tricky CSV cells as pandas.read_csv does (dtypes, dropped rows, values, profiles)', async () => {
    const cases: Case[] = Object.entries(TRICKY).map(([name, body]) => {
      const path = join(work, `${name}.csv`);
      writeFileSync(path, body);
      return { kind: 'csv', path };
    });
    const expected = pandas(cases);
    for (const [i, c] of cases.entries()) {
      const name = Object.keys(TRICKY)[i]!;
      expect({ name, ...(await ours(c)) }).toEqual({ name, ...expected[i]! });
    }
  });

  it('parses float text as pandas` default parser does, bit for bit (random and edge cases)', () => {
    let seed = 20261207;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
    const texts: string[] = ['1e-700', '-1e-700', '1e308', '1.8e308', '4.9e-324', '2e-324', '.5', '5.', '1e', '1e+', 'inf', '-Infinity'];
    for (let i = 0; i < 2000; i++) {
      const kind = i % 5;
      if (kind === 0) texts.push(String(random() * 10 ** Math.floor(random() * 40 - 20)));
      else if (kind === 1) texts.push(`${digits(1 + Math.floor(random() * 25))}.${digits(Math.floor(random() * 25))}`);
      else if (kind === 2) texts.push(`0.${'0'.repeat(Math.floor(random() * 20))}${digits(1 + Math.floor(random() * 20))}`);
      else if (kind === 3) texts.push(`${digits(1 + Math.floor(random() * 18))}e${random() < 0.5 ? '-' : ''}${Math.floor(random() * 330)}`);
      else texts.push(`${random() < 0.5 ? '-' : '+'}${digits(2)}.${digits(Math.floor(random() * 19))}E${random() < 0.5 ? '+' : '-'}${Math.floor(random() * 320)}`);
    }
    // One column per text after a float row, so that each column is typed on its own.
    const path = join(work, 'floats.csv');
    writeFileSync(path, `${texts.map((_, i) => `c${i}`).join(',')}\n${texts.map(() => '1.5').join(',')}\n${texts.join(',')}\n`);
    const script = String.raw`
import json, sys, pandas as pd
df = pd.read_csv(sys.stdin.read().strip())
json.dump([repr(float(df[c].iloc[1])) if str(df[c].dtype) == 'float64' else 'text' for c in df.columns], sys.stdout)`;
    const expected = JSON.parse(runPython(script, path)) as string[];
    const actual = texts.map((text) => {
      const value = parseFloat64(text);
      if (Number.isNaN(value)) return 'text';
      return Number.isFinite(value) ? pythonFloatRepr(value) : value > 0 ? 'inf' : '-inf';
    });
    const mismatches = texts.flatMap((text, i) => (actual[i] === expected[i] ? [] : [`${text}: ${actual[i]} vs pandas ${expected[i]}`]));
    expect(mismatches).toEqual([]);
    // The check has teeth: many of these inputs are not read correctly rounded by pandas.
    expect(texts.filter((text, i) => expected[i] !== 'text' && Number.isFinite(Number(text)) && Number(text) !== parseFloat64(text)).length)
      .toBeGreaterThan(100);
  });

  it.skipIf(!existsSync(FIXTURES))('reads the shared bias fixtures as pandas does', async () => {
    const cases: Case[] = readdirSync(FIXTURES).filter((name) => /^\d\d_/.test(name)).sort().map((name) => {
      const config = JSON.parse(readFileSync(join(FIXTURES, name, 'analysis_config.json'), 'utf8')) as Record<string, unknown>;
      const dir = join(FIXTURES, name, 'data');
      const file = join(dir, readdirSync(dir)[0]!);
      const headers = config['headers'] as string[] | undefined;
      return config['dataset_type'] === 'text/csv'
        ? { kind: 'csv', path: file, ...(headers ? { headers } : {}) }
        : {
          kind: 'jsonl', path: file, headers: headers!, features: config['features'] as string,
          ...(config['label'] ? { label: config['label'] as string } : {}),
          ...(config['predicted_label'] ? { predicted: config['predicted_label'] as string } : {}),
        };
    });
    expect(cases.length).toBeGreaterThanOrEqual(6);
    const expected = pandas(cases);
    for (const [i, c] of cases.entries()) expect({ path: c.path, ...(await ours(c)) }).toEqual({ path: c.path, ...expected[i]! });
  });
});

if (reason !== undefined) {
  describe('pandas parity', () => {
    it.skip(`needs pandas: ${reason}`, () => {});
  });
}
