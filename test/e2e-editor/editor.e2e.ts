/**
 * The VS Code extension in real VS Code: the packaged `.vsix` installed into code-server, which is
 * then driven through Debian's Chromium with playwright-core, as a user would use it.
 *
 * Run by `npm run test:editor` (part of `npm test`). It installs its npm tools on first use
 * (`tools.ts`) and fails, saying what to install, without Chromium. Everything listens on
 * 127.0.0.1 only; every step has a deadline, the whole test too; whatever it started is stopped
 * when it ends, passed or failed. It leaves `test/e2e-editor/artifacts/`: `vscode.png` (the
 * editor with the preview beside the source and a hover), and on failure `failure.png`, the
 * code-server log and the extension's output.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chromiumPath, cleanEnv, freePort, ROOT, startGroup, tempFolder, within, type Started } from '../helpers/real-tools.ts';
import { editorTools, type EditorTools } from './tools.ts';

const ARTIFACTS = path.join(ROOT, 'test', 'e2e-editor', 'artifacts');
/** The whole test, installs excepted. */
const TEST_MS = 5 * 60_000;
/** One user-visible reaction (a diagnostic, a hover, a preview). */
const STEP_MS = 45_000;

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'vscode-extension', 'package.json'), 'utf8')) as { name: string; version: string; publisher: string };
const VSIX = path.join(ROOT, 'vscode-extension', `${manifest.name}-${manifest.version}.vsix`);

let server: Started | undefined;
let browser: Browser | undefined;
let page: Page | undefined;

/** Runs `step`, failing with `what` if it takes longer than STEP_MS. */
const step = <T>(what: string, run: () => Promise<T>): Promise<T> => within(STEP_MS, what, run());

async function runEditorTest(tools: EditorTools): Promise<void> {
  // The .vsix, exactly as `npm run package` makes it.
  const pack = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'package-extension.mjs')], { cwd: ROOT, env: cleanEnv(), encoding: 'utf8', timeout: 120_000 });
  assert.is(pack.status, 0, `npm run package failed:\n${pack.stdout}${pack.stderr}`);
  assert.ok(existsSync(VSIX), `npm run package made ${path.relative(ROOT, VSIX)}`);

  // A user's machine: fresh settings, extensions and a workspace with one program (Bookinfo).
  const home = tempFolder('meshc-e2e-editor-');
  const userData = path.join(home, 'user-data');
  const extensions = path.join(home, 'extensions');
  const workspace = path.join(home, 'bookinfo');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  cpSync(path.join(ROOT, 'examples', 'bookinfo'), workspace, { recursive: true });
  writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.enableExperiments': false,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'extensions.ignoreRecommendations': true,
      'chat.disableAIFeatures': true,
      'git.enabled': false,
      'files.hotExit': 'off',
      'window.commandCenter': false,
      'editor.minimap.enabled': false,
    }),
  );
  const env = {
    ...cleanEnv(),
    PATH: tools.pathEnv,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    // No extension marketplace: nothing to look up outside this machine.
    EXTENSIONS_GALLERY: '{}',
  };
  const port = await freePort();
  const config = path.join(home, 'code-server.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];

  // `code-server --install-extension` accepts the package.
  const installed = spawnSync(tools.node, [tools.codeServer, ...common, '--install-extension', VSIX], { env, encoding: 'utf8', timeout: 120_000 });
  assert.is(installed.status, 0, `code-server --install-extension failed:\n${installed.stdout}${installed.stderr}`);
  assert.match(installed.stdout, /successfully installed/);
  assert.ok(readdirSync(extensions).includes(`${manifest.publisher}.${manifest.name}-${manifest.version}`), 'the extension is in the extensions folder');

  server = startGroup(
    tools.node,
    [tools.codeServer, ...common, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', workspace],
    { env, cwd: home },
  );
  const base = `http://127.0.0.1:${port}`;
  await step('code-server answers on 127.0.0.1', async () => {
    for (;;) {
      if (server!.child.exitCode !== null) throw new Error(`code-server exited (${server!.child.exitCode}):\n${server!.output()}`);
      try {
        if ((await fetch(`${base}/healthz`)).ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  browser = await step('Chromium starts', () =>
    chromium.launch({
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
    }),
  );
  const p = (page = await browser.newPage({ viewport: { width: 1400, height: 860 } }));
  p.setDefaultTimeout(STEP_MS);
  await step('the workbench loads', async () => {
    await p.goto(`${base}/?folder=${encodeURIComponent(workspace)}`);
    await p.locator('.monaco-workbench').waitFor();
  });

  // Open the file from the explorer; the grammar colours it, the server starts.
  await step('bookinfo.mesh opens', async () => {
    await p.locator('.explorer-folders-view .monaco-list-row', { hasText: 'bookinfo.mesh' }).click();
    await p.locator('.editor-instance .view-line', { hasText: 'service reviews {' }).waitFor();
  });
  const source = p.locator('.editor-group-container').first().locator('.monaco-editor').first();
  const goTo = async (line: number, column: number): Promise<void> => {
    await source.locator('.view-lines').click();
    await p.keyboard.press('Control+G');
    await p.keyboard.type(`${line}:${column}`);
    await p.keyboard.press('Enter');
  };
  const keywordColour = await step('keywords are coloured by the TextMate grammar', async () => {
    const keyword = p.locator('.view-line', { hasText: 'service reviews {' }).locator('span > span', { hasText: /^service$/ });
    const name = p.locator('.view-line', { hasText: 'service reviews {' }).locator('span > span', { hasText: /^reviews$/ });
    const [k, n] = [await keyword.evaluate((e) => getComputedStyle(e).color), await name.evaluate((e) => getComputedStyle(e).color)];
    return { k, n };
  });
  assert.is.not(keywordColour.k, keywordColour.n, 'a keyword and a name have different colours');

  // Break the file: the diagnostic appears in the Problems panel, with its code.
  const reviewsPort = 29; // `  port 9080 http` of `service reviews`
  assert.is(readFileSync(path.join(workspace, 'bookinfo.mesh'), 'utf8').split('\n')[reviewsPort - 1], '  port 9080 http');
  await goTo(reviewsPort, 17);
  await p.keyboard.type('x');
  await p.keyboard.press('Control+Shift+M');
  const problem = p.locator('.markers-panel .monaco-list-row', { hasText: 'M3004' });
  await step('the diagnostic M3004 appears in the Problems panel', () => problem.waitFor());
  const problemText = await problem.innerText();
  assert.match(problemText, 'Unknown protocol `httpx`');
  assert.match(problemText, 'meshc');
  assert.match(problemText, `[Ln ${reviewsPort}, Col 13]`);

  // Explain it: the command opens the code's documentation page.
  await goTo(reviewsPort, 14);
  await runCommand(p, 'meshc: Explain diagnostic');
  await step('meshc: Explain diagnostic shows the page of M3004', () => p.locator('.tab', { hasText: 'M3004' }).waitFor());

  // Fix it: the problem goes away.
  await goTo(reviewsPort, 18);
  await p.keyboard.press('Backspace');
  await step('the Problems panel empties once the file is fixed', () => p.locator('.markers-panel .monaco-list-row', { hasText: 'M3004' }).waitFor({ state: 'detached' }));

  // The preview: the compiled Istio configuration in a read-only editor beside the source.
  await runCommand(p, 'meshc: Preview compiled output');
  const previewTab = p.locator('.tab', { hasText: 'bookinfo.mesh (istio).yaml' });
  await step('the preview opens beside the source', () => previewTab.waitFor());
  const preview = p.locator('.editor-group-container').nth(1).locator('.view-lines');
  await step('the preview shows Istio YAML', () => p.locator('.editor-group-container').nth(1).locator('.view-line', { hasText: 'apiVersion: networking.istio.io/v1' }).first().waitFor());
  // Monaco draws spaces as no-break spaces.
  assert.match((await preview.innerText()).replace(/\u00a0/g, ' '), 'compiled for istio');

  // It follows the source as it is typed: an error empties it, the fix brings the YAML back.
  await goTo(reviewsPort, 17);
  await p.keyboard.type('x');
  await step('the preview follows an edit that breaks the program', () =>
    p.locator('.editor-group-container').nth(1).locator('.view-line', { hasText: 'nothing is compiled' }).waitFor(),
  );
  await goTo(reviewsPort, 18);
  await p.keyboard.press('Backspace');
  await step('the preview follows the fix', () => p.locator('.editor-group-container').nth(1).locator('.view-line', { hasText: 'apiVersion: networking.istio.io/v1' }).first().waitFor());

  // Hover on a service: what it does, in words, from the language server. (The Problems panel is
  // closed first, so that the screenshot shows the editors.)
  await p.keyboard.press('Control+J');
  await step('the panel closes', () => p.locator('.markers-panel').waitFor({ state: 'hidden' }));
  const hoverText = await step('hover on `reviews` shows its description', async () => {
    await p.locator('.editor-group-container').first().locator('.view-line', { hasText: 'service reviews {' }).locator('span > span', { hasText: /^reviews$/ }).hover();
    const hover = p.locator('.monaco-hover-content').filter({ visible: true }).first();
    await hover.waitFor();
    return hover.innerText();
  });
  assert.match(hoverText, /service reviews/);
  assert.match(hoverText, /v1/);
  await p.screenshot({ path: path.join(ARTIFACTS, 'vscode.png') });
  await p.mouse.move(5, 5);

  // Compile workspace: the bundled meshc writes the configuration under out/istio.
  await runCommand(p, 'meshc: Compile workspace');
  await step('meshc: Compile workspace writes out/istio', async () => {
    const dir = path.join(workspace, 'out', 'istio', 'default');
    while (!existsSync(dir) || !readdirSync(dir).includes('service-reviews.yaml')) await new Promise((resolve) => setTimeout(resolve, 200));
  });
  assert.match(readFileSync(path.join(workspace, 'out', 'istio', 'default', 'service-reviews.yaml'), 'utf8'), 'kind: VirtualService');
}

/** Runs a command from the command palette by its title. */
async function runCommand(p: Page, title: string): Promise<void> {
  await step(`the command palette offers "${title}"`, async () => {
    await p.keyboard.press('F1');
    const input = p.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    await p.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await p.keyboard.press('Enter');
  });
}

/** Keeps what helps to understand a failure: the screen, code-server's log, the extension's log. */
async function saveFailureArtifacts(): Promise<void> {
  try {
    if (page) await page.screenshot({ path: path.join(ARTIFACTS, 'failure.png') });
  } catch {
    // The page may be gone.
  }
  if (server) writeFileSync(path.join(ARTIFACTS, 'code-server.log'), server.output());
}

test('the packaged extension in VS Code (code-server): diagnostics, explain, hover, preview, compile', async () => {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  // Installs have deadlines of their own (tools.ts); the test proper has TEST_MS.
  const tools = editorTools(ARTIFACTS);
  const started = Date.now();
  try {
    await within(TEST_MS, 'the editor test', runEditorTest(tools));
  } catch (error) {
    await saveFailureArtifacts();
    throw error;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    process.stdout.write(`  editor test: ${Math.round((Date.now() - started) / 1000)} s; artifacts in ${path.relative(ROOT, ARTIFACTS)}/\n`);
  }
});

test.run();
