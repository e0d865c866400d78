/**
 * V8's tiering, tuned for a command that runs once and exits.
 *
 * V8 hands a function to its optimising compiler (TurboFan, on background threads) once the
 * function has used up its "interrupt budget" of bytecode a few times. The default budget suits
 * programs that run for long. `meshc compile` and `meshc check` run each stage of the compiler
 * once, over many declarations: with the default, V8 optimises many functions that then run only
 * a little longer, and the optimising costs more than it saves (1.57 s of CPU time against 1.46 s
 * for a compile of 1,000 services on one thread). Four times the default budget optimises only
 * what is really hot.
 *
 * Measured on the 2-core benchmark machine with Node 20, medians, the default budget first:
 * - Istio, 1,000 services: 1142 → 998 ms (10 runs each); 2, 3 and 5 times the default gained
 *   less (1034, 1014 and 1021 ms);
 * - Envoy, 1,000 services: 1495 → 1262 ms; `meshc check`, 1,000 services: 540 → 420 ms;
 * - 300 services: no difference (571 and 582 ms, within the noise);
 * - 5,000 services: Istio 3188 → 3156 ms, Envoy 5403 → 5253 ms.
 * (`bench/results-compile.md` has the benchmark as it runs now.)
 *
 * The language server is a long-running process and keeps V8's defaults. A budget the user set on
 * node's command line (`node --interrupt-budget=N bin/meshc.js …`) is left alone; Node does not
 * accept this flag in `NODE_OPTIONS`.
 *
 * V8 reads the flag each time it resets a function's budget, so setting it at start-up, before
 * the compiler's modules run, takes effect for all of them. It changes when code is optimised,
 * never what the code computes.
 *
 * Only V8 11 and older (Node 20) have this budget. V8 12 and 13 (Node 22 and 24) tier up by
 * invocation counts instead, do not know the flag (setting it would print an error), and compile
 * 1,000 services in 905 and 944 ms with their defaults, where raising their thresholds measured
 * no gain (876–963 ms): there meshc keeps V8's defaults.
 */
import { setFlagsFromString } from 'node:v8';

/** Bytes of bytecode: four times V8's default (66 KiB in V8 11 and 12). */
export const ONE_SHOT_INTERRUPT_BUDGET = 256 * 1024;

/** The commands that do a compiler's work once and exit. */
const ONE_SHOT_COMMANDS: ReadonlySet<string> = new Set(['compile', 'check', 'fmt']);

/** The newest V8 that has `--interrupt-budget`. */
const LAST_V8_WITH_INTERRUPT_BUDGET = 11;

/**
 * The V8 flag to set for meshc's arguments `argv`, or undefined to keep V8's defaults: for a
 * one-shot command, on a V8 (`v8Version`, as in `process.versions.v8`) that has the flag, unless
 * the user already chose a budget in `execArgv` (node's own options).
 */
export function v8FlagFor(argv: readonly string[], execArgv: readonly string[], v8Version: string): string | undefined {
  const command = argv[0];
  if (command === undefined || !ONE_SHOT_COMMANDS.has(command)) return undefined;
  const major = Number.parseInt(v8Version, 10);
  if (Number.isNaN(major) || major > LAST_V8_WITH_INTERRUPT_BUDGET) return undefined;
  if (execArgv.some((option) => /^--interrupt[-_]budget(=|$)/.test(option))) return undefined;
  return `--interrupt-budget=${ONE_SHOT_INTERRUPT_BUDGET}`;
}

/**
 * Tunes V8 for the command about to run in this process (`bin/meshc.js` and the VS Code
 * extension's bundled meshc call it before `main`); returns the flag set, if any.
 */
export function tuneV8ForCommand(argv: readonly string[]): string | undefined {
  const flag = v8FlagFor(argv, process.execArgv, process.versions.v8);
  if (flag !== undefined) setFlagsFromString(flag);
  return flag;
}
