export { type LoadConfigOptions, type LoadedConfig, loadConfig } from './load-config.js';
