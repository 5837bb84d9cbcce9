import { appBundleConfig } from '../../scripts/app-tsup-config.mjs';

export default {
  ...appBundleConfig,
  esbuildPlugins: [
    {
      // ink imports react-devtools-core (an optional peer, not installed) only when DEV=true; left unresolved, ink
      // reports it missing in that case and runs on. Everything else stays bundled.
      name: 'ink-optional-devtools',
      setup(build: { onResolve: (o: { filter: RegExp }, f: () => { path: string; external: boolean }) => void }) {
        build.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', external: true }));
      },
    },
  ],
};
