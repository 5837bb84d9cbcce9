import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@dn/source'] },
  ssr: { resolve: { conditions: ['@dn/source'] } },
  test: { include: ['test/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000 },
});
