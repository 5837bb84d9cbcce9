import { appBundleConfig } from '../../scripts/app-tsup-config.mjs';
import { inkWithoutDevtools } from './bundle-plugins.js';

export default { ...appBundleConfig, esbuildPlugins: [inkWithoutDevtools] };
