/**
 * Resolves each step's dependencies (explicit `depends_on`, or the implicit "previous step" rule of
 * the seed format) and finds cycles. Pure: used by verify and by the planner.
 */
import type { Workflow } from './workflow-schema.js';

export function resolveDependencies(workflow: Pick<Workflow, 'steps' | 'policy'>): Map<string, string[]> {
  const dependencies = new Map<string, string[]>();
  workflow.steps.forEach((step, index) => {
    if (step.depends_on !== undefined) {
      dependencies.set(step.id, [...new Set(step.depends_on)]);
    } else if (workflow.policy.parallel_execution || index === 0) {
      dependencies.set(step.id, []);
    } else {
      dependencies.set(step.id, [workflow.steps[index - 1]!.id]);
    }
  });
  return dependencies;
}

/** Returns one cycle as a list of step ids (first id repeated at the end), or undefined. */
export function findCycle(dependencies: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    const current = state.get(id);
    if (current === 'done') return undefined;
    if (current === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const dependency of dependencies.get(id) ?? []) {
      if (!dependencies.has(dependency)) continue;
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of dependencies.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}

/**
 * Topological layers (Kahn's algorithm, iterative so long chains cannot overflow the stack): every step
 * of layer n depends only on steps of earlier layers. Assumes no cycle (checked by verify).
 */
export function topologicalLayers(dependencies: Map<string, string[]>): string[][] {
  const remaining = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const [id, parents] of dependencies) {
    const known = parents.filter((parent) => dependencies.has(parent));
    remaining.set(id, known.length);
    for (const parent of known) {
      const list = dependents.get(parent);
      if (list) list.push(id);
      else dependents.set(parent, [id]);
    }
  }
  const layers: string[][] = [];
  let current = [...remaining].filter(([, count]) => count === 0).map(([id]) => id);
  while (current.length > 0) {
    layers.push(current);
    const next: string[] = [];
    for (const id of current) {
      for (const child of dependents.get(id) ?? []) {
        const count = remaining.get(child)! - 1;
        remaining.set(child, count);
        if (count === 0) next.push(child);
      }
    }
    current = next;
  }
  return layers;
}
