import { appBundleConfig } from '../../scripts/app-tsup-config.mjs';

// The signing thread's entry is its own file in dist/ (`new Worker(new URL('./sign-worker.js', import.meta.url))`).
export default { ...appBundleConfig, entry: { ...appBundleConfig.entry, 'sign-worker': 'src/sign-worker.ts' } };
