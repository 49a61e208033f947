// src/domain runs inside Temporal's deterministic workflow sandbox: it must import nothing from
// outside its folder and must not read the clock or randomness.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const domainDir = path.resolve(__dirname, '../../../src/domain');
const sources = readdirSync(domainDir)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => ({ file, text: readFileSync(path.join(domainDir, file), 'utf8') }));

describe('src/domain purity', () => {
  it('has sources to check', () => {
    expect(sources.map((s) => s.file)).toEqual(expect.arrayContaining(['index.ts', 'ticket.ts', 'pause-budget.ts']));
  });

  it.each(sources.map((s) => [s.file, s.text]))('%s imports only sibling modules', (_file, text) => {
    const specifiers = [...text.matchAll(/(?:import|export)[^'"]*from\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
    for (const specifier of specifiers) expect(specifier).toMatch(/^\.\/[\w-]+$/);
    expect(text).not.toMatch(/\brequire\(/);
  });

  it.each(sources.map((s) => [s.file, s.text]))('%s reads no clock and no randomness', (_file, text) => {
    expect(text).not.toMatch(/Date\.now\(/);
    expect(text).not.toMatch(/new Date\(\s*\)/);
    expect(text).not.toMatch(/Math\.random\(/);
    expect(text).not.toMatch(/performance\.now\(/);
  });
});
