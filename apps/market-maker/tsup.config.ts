import { appBundleConfig } from '../../scripts/app-tsup-config.mjs';

export default appBundleConfig;
