/**
 * Stage 3b: misconfiguration analyses over the checked model (M5xxx). Each analysis is one module
 * in this folder, whose leading comment says what it finds and why it matters at run time; this
 * file runs them all, in code order.
 *
 * **Invariant:** analyses see only what checked out, and never report on top of an error. A
 * declaration with an error inside it is skipped (its model lacks what was dropped), and analyses
 * that conclude from absence ("nothing routes to this version") run only on programs without any
 * error. Like every stage they never throw on any input; an exception is a bug.
 *
 * **Invariant:** the output depends only on the program: analyses walk the model's sorted
 * collections and the rules in their written order, and report each finding once.
 */
import type { Diagnostic } from '../diagnostics/types.ts';
import type { Program } from '../check/model.ts';
import type { SourceFile } from '../syntax/ast.ts';
import { AnalysisContext, type Analysis } from './context.ts';
import { shadowedRule } from './shadowed-rule.ts';
import { weights } from './weights.ts';
import { unreachableVersion } from './unreachable-version.ts';
import { retryBudget } from './retry-budget.ts';
import { retryNonIdempotent } from './retry-non-idempotent.ts';
import { faultWithRetries } from './fault-with-retries.ts';
import { identityWithoutMtls } from './identity-without-mtls.ts';
import { clientTls } from './client-tls.ts';
import { claimWithoutJwt } from './claim-without-jwt.ts';
import { httpAuthzOnTcp } from './http-authz-on-tcp.ts';
import { gatewayConflicts } from './gateway-conflicts.ts';
import { routeHostNotServed } from './route-host-not-served.ts';
import { httpsRedirect } from './https-redirect.ts';
import { gatewayBypassesRoute } from './gateway-bypasses-route.ts';
import { externals } from './externals.ts';
import { unusedService } from './unused-service.ts';
import { unknownPrincipal } from './unknown-principal.ts';
import { gatewayCallerDenied } from './gateway-caller-denied.ts';
import { allowEveryone } from './allow-everyone.ts';

/** Every analysis, in the order of the codes it reports. */
export const analyses: readonly Analysis[] = [
  shadowedRule,
  weights,
  unreachableVersion,
  retryBudget,
  retryNonIdempotent,
  faultWithRetries,
  identityWithoutMtls,
  clientTls,
  claimWithoutJwt,
  httpAuthzOnTcp,
  gatewayConflicts,
  routeHostNotServed,
  httpsRedirect,
  gatewayBypassesRoute,
  externals,
  unusedService,
  unknownPrincipal,
  gatewayCallerDenied,
  allowEveryone,
];

export interface AnalysisOptions {
  /** The text of each file by path, for quick fixes that move or delete text. */
  texts?: ReadonlyMap<string, string>;
  /** The diagnostics of parsing and checking: analyses stay away from their errors. */
  prior?: readonly Diagnostic[];
}

export function runAnalyses(program: Program, files: SourceFile[], options: AnalysisOptions = {}): Diagnostic[] {
  const ctx = new AnalysisContext({ program, files, ...options });
  for (const analysis of analyses) analysis.run(ctx);
  return ctx.diagnostics;
}
