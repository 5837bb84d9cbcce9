import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { envWithoutVenueKeys, minimalEnv, TestProcesses } from '../../src/testing/index.js';

const procs = new TestProcesses();
afterEach(() => procs.cleanup());

describe('TestProcesses', () => {
  it('collects both streams and the exit code', async () => {
    const r = await procs.run(process.execPath, ['-e', 'console.log("out"); console.error("err"); process.exit(3)'], {
      lifeMs: 20_000,
    });
    expect(r).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  it('kills a child that outlives lifeMs (exit -1) and sees each stdout line as it comes', async () => {
    const lines: string[] = [];
    const r = await procs.run(process.execPath, ['-e', 'console.log("a\\nb"); setInterval(() => {}, 1000)'], {
      lifeMs: 1_500,
      onLine: (line) => lines.push(line),
    });
    expect(r.code).toBe(-1);
    expect(lines).toEqual(['a', 'b']);
  });

  it('runs a TypeScript entry through the workspace tsx', async () => {
    const script = path.join(procs.tempDir('dn-core-procs-'), 'hello.ts');
    fs.writeFileSync(script, 'const n: number = 6 * 7;\nconsole.log("n=" + n);\n');
    expect(await procs.runTs(script, ['x'], { lifeMs: 30_000 })).toMatchObject({ code: 0, stdout: 'n=42\n' });
  });

  it('a signal to the child reaches the script itself, which decides its exit', async () => {
    const script = path.join(procs.tempDir('dn-core-procs-'), 'signal.ts');
    fs.writeFileSync(
      script,
      [
        "process.on('SIGTERM', () => { setTimeout(() => { console.log('saved'); process.exit(7); }, 200); });",
        "console.log('ready ' + process.pid);",
        'setInterval(() => {}, 1000);',
      ].join('\n'),
    );
    let scriptPid = '';
    let childPid = '';
    const r = await procs.runTs(script, [], {
      lifeMs: 30_000,
      onLine: (line, child) => {
        if (!line.startsWith('ready ') || child.pid === undefined) return;
        scriptPid = line.slice(6);
        childPid = String(child.pid);
        process.kill(child.pid, 'SIGTERM');
      },
    });
    expect(r).toMatchObject({ code: 7 });
    expect(r.stdout).toContain('saved');
    // One process: nothing in between relays (or, under load, drops) the signal.
    expect(scriptPid).toBe(childPid);
  });

  it('cleanup removes the temporary folders', () => {
    const dir = procs.tempDir('dn-core-procs-');
    expect(fs.existsSync(dir)).toBe(true);
    procs.cleanup();
    expect(fs.existsSync(dir)).toBe(false);
  });
});

describe('child environments', () => {
  it('envWithoutVenueKeys drops every venue variable but the ones given', () => {
    process.env.LIGHTER_FAKE_TEST_KEY = 'FAKE';
    try {
      const env = envWithoutVenueKeys({ EXTENDED_API_KEY: 'FAKE-given' });
      expect(env.LIGHTER_FAKE_TEST_KEY).toBeUndefined();
      expect(env.EXTENDED_API_KEY).toBe('FAKE-given');
      expect(env.PATH).toBe(process.env.PATH);
      expect(env.NO_COLOR).toBe('1');
    } finally {
      delete process.env.LIGHTER_FAKE_TEST_KEY;
    }
  });

  it('minimalEnv keeps only what a child needs to start', () => {
    const env = minimalEnv({ DN_HOME: '/x' });
    expect(Object.keys(env).every((k) => ['PATH', 'HOME', 'TMPDIR', 'SystemRoot', 'DN_HOME'].includes(k))).toBe(true);
    expect(env.DN_HOME).toBe('/x');
  });
});
