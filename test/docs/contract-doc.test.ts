/**
 * The contract is in the repository (docs/contract.md) and the code cites that file, not a
 * design document a clone does not have.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COUNTIES, STATUSES } from '../../core/contract';

const SOURCE_DIRS = ['core', 'server', 'web', 'scripts', 'bench', 'docs', 'data/README.md', 'README.md', 'test'];

function files(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path).flatMap((name) => (name === 'node_modules' ? [] : files(join(path, name))));
}

describe('docs/contract.md', () => {
  const doc = readFileSync('docs/contract.md', 'utf8');

  it('lists every county code with its name, and every status', () => {
    for (const c of COUNTIES) expect(doc, c.code).toMatch(new RegExp(`\\| ${c.code} \\| ${c.name} +\\| ${c.name_en} `));
    for (const s of STATUSES) expect(doc).toContain(`\`${s}\``);
  });

  it('is what the code cites: no file refers to CONTRACT.md', () => {
    const citing = SOURCE_DIRS.flatMap(files)
      .filter((f) => /\.(ts|tsx|md|html|css)$/.test(f) && f !== join('test', 'docs', 'contract-doc.test.ts'))
      .filter((f) => readFileSync(f, 'utf8').includes('CONTRACT.md'));
    expect(citing).toEqual([]);
  });
});
