import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nearestNodeModules } from './project-copy.js';

describe('nearestNodeModules', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("passes over a project's node_modules that only holds tool caches", () => {
    root = mkdtempSync(path.join(tmpdir(), 'ouro-node-modules-'));
    const project = path.join(root, 'examples', 'demo');
    mkdirSync(path.join(root, 'node_modules', 'eslint'), { recursive: true });
    mkdirSync(path.join(project, 'node_modules', '.vite'), { recursive: true });
    expect(nearestNodeModules(project)).toBe(path.join(root, 'node_modules'));
    mkdirSync(path.join(project, 'node_modules', '.bin'));
    expect(nearestNodeModules(project)).toBe(path.join(project, 'node_modules'));
  });
});
