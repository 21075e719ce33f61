/**
 * The TypeScript code blocks of the project's Markdown files, and whether each
 * is meant to run. A block that cannot run here (it needs AWS credentials, a
 * model file the repository does not ship, or it is a fragment) says so on the
 * line before its fence:
 *
 * ```md
 * <!-- not-runnable: needs AWS credentials and a SageMaker role -->
 * ```ts
 * ```
 *
 * A block that is a vitest test file says `<!-- runs-with: vitest -->` instead.
 */
import { readFileSync } from 'node:fs';

/** One fenced `ts` block. */
export interface CodeBlock {
  /** The Markdown file, relative to the repository. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly code: string;
  /** Why it is not run, when the block is marked so. */
  readonly notRunnable?: string;
  /** Run by vitest as a test file rather than by Node as a script. */
  readonly vitest?: boolean;
}

const MARKER = /^<!--\s*not-runnable:(.*?)-->\s*$/;
const VITEST = /^<!--\s*runs-with:\s*vitest\s*-->\s*$/;

/** Every ```ts / ```typescript block of `file` (read from `root`). */
export function codeBlocks(root: string, file: string): CodeBlock[] {
  const lines = readFileSync(`${root}/${file}`, 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)(`{3,})(ts|typescript)\s*$/.exec(lines[i]);
    if (!fence) {
      // Skip other fenced blocks whole, so that a ```ts inside them is not taken for one.
      const other = /^(\s*)(`{3,})\S*\s*$/.exec(lines[i]);
      if (other) {
        const close = other[2];
        for (i++; i < lines.length && lines[i].trim() !== close; i++);
      }
      continue;
    }
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i].trim() !== fence[2]; i++) body.push(lines[i].slice(fence[1].length));
    let before = start - 1;
    while (before >= 0 && lines[before].trim() === '') before--;
    const marker = before >= 0 ? MARKER.exec(lines[before].trim()) : null;
    const vitest = before >= 0 && VITEST.test(lines[before].trim());
    blocks.push({ file, line: start + 1, code: body.join('\n'), ...(marker ? { notRunnable: marker[1].trim() } : {}), ...(vitest ? { vitest } : {}) });
  }
  return blocks;
}
