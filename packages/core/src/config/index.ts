export {
  loadAppConfig,
  zConfigDecimal,
  zNonNegativeDecimal,
  zPercent,
  zPositiveDecimal,
} from './app-config.js';
export { type LoadConfigOptions, type LoadedConfig, loadConfig } from './load-config.js';
