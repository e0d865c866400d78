import { spawn } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BIN, generatedProject } from './harness.ts';

/**
 * Runs meshc with its standard output read only up to the first chunk and then closed, as
 * `meshc … | head -1` does; resolves with the exit code and standard error.
 */
function runIntoClosedPipe(args: string[], cwd: string): Promise<{ code: number | null; stderr: string; firstChunk: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let firstChunk = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.once('data', (chunk) => {
      firstChunk = String(chunk);
      child.stdout.destroy();
    });
    child.on('close', (code) => resolve({ code, stderr, firstChunk }));
  });
}

test('a reader that stops early (meshc … | head): meshc stops writing quietly and exits with its own code', async () => {
  const cwd = generatedProject(200, 5);
  // Megabytes of YAML, far more than one pipe buffer: most writes come after the reader is gone.
  const compiled = await runIntoClosedPipe(['compile', 'src', '--target', 'istio', '--stdout'], cwd);
  assert.match(compiled.firstChunk, /^# File: istio\//);
  assert.not.match(compiled.stderr, /EPIPE|Unhandled|node:events/);
  assert.is(compiled.code, 0, compiled.stderr);
});

test.run();
