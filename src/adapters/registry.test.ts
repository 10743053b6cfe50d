import os from 'node:os';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { OuroError } from '../errors/index.js';
import { builtInAdapters, createAdapterRegistry, defaultAdapterRegistry, listAdapters } from './registry.js';
import type { AnyAdapter } from './types.js';

const broken: AnyAdapter = {
  id: 'broken',
  kind: 'deterministic',
  effects: [],
  version: '0.0.1',
  description: 'availability throws',
  params: z.object({}),
  available: () => Promise.reject(new Error('probe exploded')),
  execute: () => Promise.resolve({ status: 'succeeded', outputs: {} }),
};

describe('adapter registry', () => {
  it('looks adapters up by id and lists them sorted', () => {
    const registry = createAdapterRegistry(builtInAdapters);
    expect(registry.ids()).toEqual(['git', 'noop', 'shell', 'sleep', 'verifier']);
    expect(registry.get('shell')?.id).toBe('shell');
    expect(registry.get('nope')).toBeUndefined();
    expect(registry.list().map((adapter) => adapter.id)).toEqual(registry.ids());
  });

  it('refuses duplicate ids and suggests the closest id for an unknown one', () => {
    expect(() => createAdapterRegistry([...builtInAdapters, builtInAdapters[0]!])).toThrow(/two adapters/);
    const registry = createAdapterRegistry(builtInAdapters);
    try {
      registry.require('shel');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(OuroError);
      expect((error as OuroError).code).toBe('OURO_ADAPTER_UNKNOWN');
      expect((error as OuroError).remedy).toContain('"shell"');
    }
  });

  it('the default registry holds the built-ins and the tool adapters', () => {
    const registry = defaultAdapterRegistry();
    for (const adapter of builtInAdapters) expect(registry.get(adapter.id)).toBe(adapter);
    expect(registry.ids()).toEqual(expect.arrayContaining(['eslint', 'tsc', 'test']));
    for (const adapter of registry.list()) {
      expect(adapter.id).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(adapter.version.length).toBeGreaterThan(0);
      expect(adapter.description.length).toBeGreaterThan(0);
    }
  });

  it('lists availability, turning a failing probe into unavailable', async () => {
    const registry = createAdapterRegistry([...builtInAdapters, broken]);
    const listings = await listAdapters(registry, { projectDir: os.tmpdir(), env: process.env });
    expect(listings.find((listing) => listing.id === 'shell')?.availability.available).toBe(true);
    expect(listings.find((listing) => listing.id === 'broken')?.availability).toEqual({
      available: false,
      reason: 'availability check failed: probe exploded',
    });
  });

  it('every adapter params schema converts to the JSON Schema of `with:`', () => {
    for (const adapter of defaultAdapterRegistry().list()) {
      const schema = z.toJSONSchema(adapter.params, { io: 'input', unrepresentable: 'any' });
      expect(schema, adapter.id).toHaveProperty('$schema');
    }
  });
});
