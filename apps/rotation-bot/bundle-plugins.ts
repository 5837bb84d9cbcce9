import type { Plugin } from 'esbuild';

/**
 * ink imports `react-devtools-core` (an optional peer, not installed) only when DEV=true, inside a try that treats
 * ERR_MODULE_NOT_FOUND as "not installed" and runs on. A bundle gets a stub that fails the same way when (and only
 * when) that import runs; left as an external import instead, a single-file bundle would hoist it and fail at start.
 * Used by the app's build (tsup.config.ts) and by the tests that bundle the app themselves.
 */
export const inkWithoutDevtools: Plugin = {
  name: 'ink-without-devtools',
  setup(build) {
    build.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'dn-stub' }));
    build.onLoad({ filter: /.*/, namespace: 'dn-stub' }, () => ({
      contents:
        "const e = new Error('react-devtools-core is not part of this bundle'); e.code = 'ERR_MODULE_NOT_FOUND'; throw e;",
      loader: 'js',
    }));
  },
};
