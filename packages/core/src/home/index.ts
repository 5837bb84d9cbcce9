export {
  HALT_FILE_NAME,
  type HomeLayout,
  homeLayout,
  identityPathFor,
  invocationDir,
  lockPathFor,
  modeDirs,
  type ResolveHomeOptions,
  type RunMode,
  resolveHome,
} from './home-paths.js';
export {
  acquireInstanceLock,
  type InstanceLock,
  type LockedEntry,
  type LockOwner,
  listInstanceLocks,
  pidAlive,
} from './instance-lock.js';
export { checkStateIdentity, type IdentityCheck, type StateIdentity } from './state-identity.js';
