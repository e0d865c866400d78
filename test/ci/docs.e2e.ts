/**
 * The pipelines of docs/ci.md, run as written: the GitHub Actions workflow and the GitLab CI job
 * are read from the page (the YAML blocks after `<!-- ci: github -->` and `<!-- ci: gitlab -->`)
 * and their commands are executed in a temporary repository whose program is in `mesh/`, as the
 * page assumes.
 *
 * The one difference from a real pipeline is where meshc comes from: a copy of this checkout
 * (`snapshotOfThisCheckout`, tagged with the version the page names) instead of GitHub. Steps that
 * are actions stand in as follows: `actions/checkout` of meshc clones that copy at the `ref`;
 * `actions/checkout` of the user's repository and `actions/setup-node` do nothing (the repository
 * is there, and so is Node.js); `upload-sarif` and `upload-artifact` check that what they would
 * upload exists and is what they expect. `run` steps run as GitHub runs them (`bash -eo pipefail`,
 * with `GITHUB_ACTIONS`, `GITHUB_WORKSPACE`, `GITHUB_PATH`), skipped after a failure unless marked
 * `if: always()`. `npm install --global` goes to a folder of the test (on the PATH, as on a runner).
 *
 * Run by `npm run test:tools` (part of `npm test`).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type * as Sarif from 'sarif';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { GIT, gitEnv, requireTools, ROOT, snapshotOfThisCheckout, tempFolder } from '../helpers/real-tools.ts';

/** The YAML block after `<!-- ci: NAME -->` in docs/ci.md. */
function pipeline(name: string): Record<string, unknown> {
  const page = readFileSync(path.join(ROOT, 'docs', 'ci.md'), 'utf8');
  const match = new RegExp(`<!-- ci: ${name} -->\\n\`\`\`yaml\\n([\\s\\S]*?)\\n\`\`\``).exec(page);
  assert.ok(match, `docs/ci.md has a yaml block marked <!-- ci: ${name} -->`);
  return parse(match![1]!) as Record<string, unknown>;
}

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number>;
}

const home = tempFolder('meshc-ci-docs-');
let snapshot: ReturnType<typeof snapshotOfThisCheckout> | undefined;
const source = (): ReturnType<typeof snapshotOfThisCheckout> => (snapshot ??= snapshotOfThisCheckout(home));

const BROKEN = 'service reviews {\n  port 9080 htp\n}\n';

/** A user's repository: Bookinfo in `mesh/`, optionally with a broken file. */
function userRepository(name: string, broken: boolean): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = path.join(home, name);
  cpSync(path.join(ROOT, 'examples', 'bookinfo'), path.join(dir, 'mesh'), { recursive: true });
  if (broken) writeFileSync(path.join(dir, 'mesh', 'reviews-canary.mesh'), BROKEN.replace('reviews', 'reviews-canary'));
  const env = gitEnv(home);
  spawnSync('git', ['init', '-q'], { cwd: dir, env });
  // `npm install --global` lands here, and its bin folder is on the PATH, as on a runner.
  const globalPrefix = path.join(dir, '..', `${name}-npm-global`);
  mkdirSync(globalPrefix, { recursive: true });
  env.npm_config_prefix = globalPrefix;
  env.PATH = `${path.join(globalPrefix, 'bin')}${path.delimiter}${env.PATH ?? ''}`;
  for (const variable of ['NO_COLOR', 'FORCE_COLOR', 'CI']) delete env[variable];
  return { dir, env };
}

interface Outcome {
  name: string;
  status: 'success' | 'failure' | 'skipped';
  output: string;
}

/** Runs the workflow's one job the way the GitHub runner does. */
function runGithub(broken: boolean): { outcomes: Outcome[]; dir: string } {
  const workflow = pipeline('github');
  const jobs = workflow.jobs as Record<string, { steps: Step[] }>;
  const steps = Object.values(jobs)[0]!.steps;
  const { dir, env } = userRepository(broken ? 'github-broken' : 'github-clean', broken);
  const githubPath = path.join(home, `${path.basename(dir)}-GITHUB_PATH`);
  writeFileSync(githubPath, '');
  Object.assign(env, { GITHUB_ACTIONS: 'true', CI: 'true', GITHUB_WORKSPACE: dir, GITHUB_PATH: githubPath, RUNNER_TEMP: path.join(home, 'runner-temp') });
  const outcomes: Outcome[] = [];
  let failed = false;
  for (const step of steps) {
    const name = step.name ?? step.uses ?? step.run!.split('\n')[0]!;
    if (failed && step.if !== 'always()') {
      outcomes.push({ name, status: 'skipped', output: '' });
      continue;
    }
    let status: Outcome['status'] = 'success';
    let output = '';
    if (step.run) {
      const extra = readFileSync(githubPath, 'utf8').split('\n').filter(Boolean);
      const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
        cwd: dir,
        env: { ...env, PATH: [...extra.reverse(), env.PATH].join(path.delimiter) },
        encoding: 'utf8',
        timeout: 5 * 60_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      output = `${run.stdout}${run.stderr}`;
      if (run.status !== 0) status = 'failure';
    } else if (step.uses?.startsWith('actions/checkout@')) {
      if (step.with?.repository) {
        assert.is(step.with.repository, 'meshc/meshc');
        assert.is(step.with.ref, source().tag, 'the workflow installs the current version');
        const clone = spawnSync('git', ['clone', '--quiet', '--branch', String(step.with.ref), source().repo, path.join(dir, String(step.with.path))], { env, encoding: 'utf8' });
        assert.is(clone.status, 0, clone.stderr);
      }
    } else if (step.uses?.startsWith('actions/setup-node@')) {
      assert.ok(Number(step.with?.['node-version']) >= 20, 'Node.js 20 or later');
    } else if (step.uses?.startsWith('github/codeql-action/upload-sarif@')) {
      const file = path.join(dir, String(step.with!.sarif_file));
      assert.ok(existsSync(file), `${step.with!.sarif_file} was written`);
      const log = JSON.parse(readFileSync(file, 'utf8')) as Sarif.Log;
      assert.is(log.version, '2.1.0');
      output = JSON.stringify(log.runs[0]!.results);
    } else if (step.uses?.startsWith('actions/upload-artifact@')) {
      const folder = path.join(dir, String(step.with!.path));
      assert.ok(existsSync(folder) && readdirSync(folder).length > 0, `${step.with!.path} has files to upload`);
    } else {
      assert.unreachable(`docs/ci.md uses an action this test does not know: ${step.uses}`);
    }
    if (status === 'failure') failed = true;
    outcomes.push({ name, status, output });
  }
  return { outcomes, dir };
}

const statusOf = (outcomes: Outcome[], name: string): Outcome => {
  const found = outcomes.find((o) => o.name === name);
  assert.ok(found, `the workflow has a step "${name}"`);
  return found!;
};

test('GitHub Actions, a clean program: every step passes, and the Istio files are the artifact', () => {
  requireTools('The CI docs test (test/ci)', [GIT]);
  const { outcomes, dir } = runGithub(false);
  for (const o of outcomes) assert.is(o.status, 'success', `${o.name}:\n${o.output}`);
  assert.is(statusOf(outcomes, 'Upload to code scanning').output, '[]', 'no findings');
  assert.is(statusOf(outcomes, 'Check (annotations on the pull request)').output, '');
  assert.ok(existsSync(path.join(dir, 'out', 'istio', 'default', 'service-reviews.yaml')));
});

test('GitHub Actions, a broken program: annotations from the repository root, SARIF uploaded, the job fails', () => {
  const { outcomes } = runGithub(true);
  assert.is(statusOf(outcomes, 'Check (SARIF for code scanning)').status, 'success', 'findings are not a failure of the SARIF step');
  const upload = statusOf(outcomes, 'Upload to code scanning');
  assert.is(upload.status, 'success');
  const results = JSON.parse(upload.output) as Sarif.Result[];
  assert.is(results[0]!.ruleId, 'M3004');
  assert.is(results[0]!.locations![0]!.physicalLocation!.artifactLocation!.uri, 'mesh/reviews-canary.mesh');
  const check = statusOf(outcomes, 'Check (annotations on the pull request)');
  assert.is(check.status, 'failure');
  assert.match(check.output, /^::error file=mesh\/reviews-canary\.mesh,line=2,col=13,endLine=2,endColumn=16,title=M3004::Unknown protocol `htp`/m);
  assert.is(statusOf(outcomes, 'Compile').status, 'skipped');
});

/** Runs the GitLab job's `before_script` and `script` as the runner's bash does. */
function runGitlab(broken: boolean): { status: number | null; output: string; dir: string } {
  const job = pipeline('gitlab').meshc as { image: string; variables: Record<string, string>; before_script: string[]; script: string[]; artifacts: { when: string; paths: string[] } };
  assert.match(job.image, /^node:(2\d)/);
  assert.is(job.variables.MESHC_VERSION, source().tag, 'the job installs the current version');
  const { dir, env } = userRepository(broken ? 'gitlab-broken' : 'gitlab-clean', broken);
  Object.assign(env, job.variables, { GITLAB_CI: 'true', CI: 'true', CI_PROJECT_DIR: dir });
  const lines = [...job.before_script, ...job.script].map((line) => line.replace('https://github.com/meshc/meshc.git', source().repo));
  const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', lines.join('\n')], { cwd: dir, env, encoding: 'utf8', timeout: 5 * 60_000, maxBuffer: 64 * 1024 * 1024 });
  assert.is(job.artifacts.when, 'always');
  return { status: run.status, output: `${run.stdout}${run.stderr}`, dir };
}

test('GitLab CI, a clean program: the job passes and leaves the SARIF file and the Istio files', () => {
  const { status, output, dir } = runGitlab(false);
  assert.is(status, 0, output);
  assert.ok(existsSync(path.join(dir, 'meshc.sarif')));
  assert.ok(existsSync(path.join(dir, 'out', 'istio', 'default', 'service-reviews.yaml')));
});

test('GitLab CI, a broken program: the job fails with the diagnostic in its log, and keeps the SARIF file', () => {
  const { status, output, dir } = runGitlab(true);
  assert.is(status, 1, output);
  assert.match(output, 'mesh/reviews-canary.mesh:2:13: error[M3004]: Unknown protocol `htp`');
  assert.match(output, ' 2 |   port 9080 htp');
  const log = JSON.parse(readFileSync(path.join(dir, 'meshc.sarif'), 'utf8')) as Sarif.Log;
  assert.is(log.runs[0]!.results![0]!.ruleId, 'M3004');
  assert.not.ok(existsSync(path.join(dir, 'out')), 'nothing compiled');
});

test.run();
