/**
 * The independent oracles in ../shared/tools: upstream CRD schemas with their CEL rules
 * (k8s-validate) and Envoy's protos with protoc-gen-validate rules (envoy-validate). They are for
 * tests only; the product validates its own output with its own gate.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const TOOLS = path.join('..', 'shared', 'tools');

export interface OracleRun {
  ok: boolean;
  output: string;
}

/** Writes `files` (relative path → text) into a temporary folder and runs k8s-validate on it. */
export function k8sValidate(files: ReadonlyMap<string, string>): OracleRun {
  return runOracle('k8s-validate.mjs', files);
}

/** Writes `files` (relative path → text) into a temporary folder and runs envoy-validate on it. */
export function envoyValidate(files: ReadonlyMap<string, string>): OracleRun {
  return runOracle('envoy-validate.mjs', files);
}

function runOracle(tool: string, files: ReadonlyMap<string, string>): OracleRun {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meshc-oracle-'));
  try {
    for (const [name, content] of files) {
      const file = path.join(dir, name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    const run = spawnSync(process.execPath, [path.join(TOOLS, tool), dir], { encoding: 'utf8' });
    if (run.error) throw run.error;
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}`.replaceAll(dir, '<out>') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
