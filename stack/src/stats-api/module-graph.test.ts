import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The stats API reads top-down: a handler plans, executes and shapes, and no module depends, even for a
// type, on one that depends back on it.

const root = dirname(fileURLToPath(import.meta.url));

function modules(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return modules(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Each module's relative imports (type-only ones included), as paths. */
function graph(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of modules(root)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/from '(\.[^']+)'/g)].map((m) =>
      resolve(dirname(file), m[1] as string),
    );
    edges.set(file, targets);
  }
  return edges;
}

/** The cycles reachable in a graph, each as the list of modules around it. */
function cycles(edges: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string, path: string[]) => {
    if (state.get(node) === 'done') return;
    if (state.get(node) === 'open') {
      found.push([...path.slice(path.indexOf(node)), node].map((p) => relative(root, p)));
      return;
    }
    state.set(node, 'open');
    for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
    state.set(node, 'done');
  };
  for (const node of edges.keys()) visit(node, []);
  return found;
}

describe('the stats API modules', () => {
  it('import one another without a cycle', () => {
    expect(cycles(graph())).toEqual([]);
  });

  it('would report a cycle (the check itself)', () => {
    const a = join(root, 'a.ts');
    const b = join(root, 'b.ts');
    expect(
      cycles(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
      ),
    ).toEqual([['a.ts', 'b.ts', 'a.ts']]);
  });
});
