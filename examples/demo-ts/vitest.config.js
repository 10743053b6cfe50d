// Keeps `npx vitest run` inside this directory to this project's own tests.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['src/**/*.test.ts'] },
});
