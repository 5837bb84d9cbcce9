export { NonceManager, SequentialNonce } from './nonce-manager.js';
