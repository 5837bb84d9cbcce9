export { NonceManager } from './nonce-manager.js';
