import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as wasm from '@x10xchange/stark-crypto-wrapper-wasm';

/**
 * The official Extended signer (npm @x10xchange/stark-crypto-wrapper-wasm, dev dependency only),
 * used as the oracle in property tests and benchmarks. Built with `--target web`, so in Node it
 * must be initialised synchronously from the .wasm bytes (the default init() tries to fetch a URL).
 */
let ready = false;

export function officialWasm(): typeof wasm {
  if (!ready) {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('@x10xchange/stark-crypto-wrapper-wasm'));
    wasm.initSync({ module: readFileSync(join(dir, 'stark_crypto_wrapper_wasm_bg.wasm')) });
    ready = true;
  }
  return wasm;
}

/** Signs with the official WASM and frees the returned object. */
export function officialSign(privateKeyHex: string, msgHashHex: string): { r: string; s: string } {
  const sig = officialWasm().sign_message(privateKeyHex, msgHashHex);
  try {
    return { r: sig.r, s: sig.s };
  } finally {
    sig.free();
  }
}
